/**
 * Guardrail definition files (YAML or JSON) → validated, `extends`-resolved definitions. Every error is one line:
 * `file:line: path.to.field: what was expected`.
 */
import { readFileSync } from 'node:fs';
import { isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import {
  type GuardrailFile,
  GuardrailFileSchema,
  type GuardrailVersionConfig,
  type ResolvedGuardrail,
} from './definition.ts';

export const DEFAULT_BLOCKED_MESSAGE = 'Sorry, the model cannot answer this question.';

/** A loaded guardrail: its id, where it came from and every version resolved. */
export interface GuardrailDefinition {
  guardrailId: string;
  description?: string;
  /** File path, or `(admin)` / `(inline)` for definitions given as objects. */
  origin: string;
  versions: Record<string, ResolvedGuardrail>;
}

/** A bad definition (one line, `where: message`). */
export class GuardrailDefinitionError extends Error {}

type Locate = (path: ReadonlyArray<PropertyKey>) => string;

function _issueText(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function _validate(raw: unknown, locate: Locate): GuardrailFile {
  const parsed = GuardrailFileSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new GuardrailDefinitionError(`${locate(issue.path)}: ${_issueText(issue)}`);
}

function _resolve(file: GuardrailFile, locate: Locate): Record<string, ResolvedGuardrail> {
  const done = new Map<string, ResolvedGuardrail>();
  const visit = (key: string, chain: string[]): ResolvedGuardrail => {
    const hit = done.get(key);
    if (hit) return hit;
    const own = file.versions[key] as GuardrailVersionConfig;
    let base: Omit<ResolvedGuardrail, 'version'> | undefined;
    if (own.extends !== undefined) {
      const parent = String(own.extends);
      const at = locate(['versions', key, 'extends']);
      if (!file.versions[parent])
        throw new GuardrailDefinitionError(
          `${at}: versions.${key}.extends: no version ${JSON.stringify(parent)}`,
        );
      if (chain.includes(parent))
        throw new GuardrailDefinitionError(
          `${at}: versions.${key}.extends: cycle ${[...chain, key, parent].join(' -> ')}`,
        );
      base = visit(parent, [...chain, key]);
    }
    const { extends: _ignored, ...rest } = own;
    const resolved: ResolvedGuardrail = {
      ...base,
      ...rest,
      guardrailId: file.guardrailId,
      version: key,
      blockedInputMessaging:
        rest.blockedInputMessaging ?? base?.blockedInputMessaging ?? DEFAULT_BLOCKED_MESSAGE,
      blockedOutputsMessaging:
        rest.blockedOutputsMessaging ?? base?.blockedOutputsMessaging ?? DEFAULT_BLOCKED_MESSAGE,
    };
    done.set(key, resolved);
    return resolved;
  };
  const out: Record<string, ResolvedGuardrail> = {};
  for (const key of Object.keys(file.versions)) out[key] = visit(key, []);
  return out;
}

/** Validate + resolve a definition given as a plain object (admin route, options). */
export function parseGuardrailObject(raw: unknown, origin = '(inline)'): GuardrailDefinition {
  const locate: Locate = () => origin;
  const file = _validate(raw, locate);
  return _build(file, origin, locate);
}

function _build(file: GuardrailFile, origin: string, locate: Locate): GuardrailDefinition {
  return {
    guardrailId: file.guardrailId,
    ...(file.description ? { description: file.description } : {}),
    origin,
    versions: _resolve(file, locate),
  };
}

/** Validate + resolve a definition from YAML or JSON text; `file` names it in errors (`file:line: …`). */
export function parseGuardrailText(text: string, file: string): GuardrailDefinition {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    throw new GuardrailDefinitionError(`${file}:${line}: ${firstError.message.split('\n')[0]}`);
  }
  const locate: Locate = (path) => `${file}:${_lineOf(doc, lines, path)}`;
  const file_ = _validate(doc.toJS(), locate);
  return _build(file_, file, locate);
}

/** Read and parse a definition file. */
export function loadGuardrailFile(path: string): GuardrailDefinition {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new GuardrailDefinitionError(
      `${path}: cannot read guardrail definition (${(err as Error).message})`,
    );
  }
  return parseGuardrailText(text, path);
}

/** 1-based line of the deepest node along `path` that exists (the key's line for a map entry). */
function _lineOf(
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  path: ReadonlyArray<PropertyKey>,
): number {
  let node: unknown = doc.contents;
  let offset = isNode(node) ? (node.range?.[0] ?? 0) : 0;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) break;
      if (isNode(pair.key)) offset = pair.key.range?.[0] ?? offset;
      node = pair.value;
    } else if (isNode(node) && 'items' in node && Array.isArray(node.items)) {
      const item: unknown = node.items[Number(seg)];
      if (!isNode(item)) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  return lines.linePos(offset).line;
}
