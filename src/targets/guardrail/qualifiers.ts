/**
 * The per-case parts of an ApplyGuardrail call, rendered from the case: the target's `guardrail.source`,
 * `guardrail.groundingSource` and `guardrail.query` (handlebars, no escaping). Lenient on purpose: a labelled set
 * mixes grounding rows with rows that have no grounding source, and a template that renders blank sends nothing.
 */
import Handlebars from 'handlebars';
import { EvalgateError } from '../../core/errors.ts';
import type { TargetRequest } from '../../core/types.ts';
import type { GuardrailSpec } from './schema.ts';

const _compiled = new Map<string, HandlebarsTemplateDelegate>();

function _render(source: string, vars: Record<string, unknown>): string | undefined {
  let fn = _compiled.get(source);
  if (!fn) {
    fn = Handlebars.compile(source, { noEscape: true, strict: false });
    _compiled.set(source, fn);
  }
  const text = fn(vars);
  return text.trim() === '' ? undefined : text;
}

/**
 * `request.guardrail` for a guardrail target and a case's template variables; undefined when nothing applies.
 * `where` (the dataset file and row) prefixes the error when `source` renders to neither input nor output.
 */
export function renderGuardrailParts(
  g: Pick<GuardrailSpec, 'source' | 'groundingSource' | 'query'> | undefined,
  vars: Record<string, unknown>,
  where: string,
): TargetRequest['guardrail'] {
  if (!g) return undefined;
  const parts: NonNullable<TargetRequest['guardrail']> = {};
  const source = g.source === undefined ? undefined : _render(g.source, vars)?.trim().toUpperCase();
  if (source !== undefined) {
    if (source !== 'INPUT' && source !== 'OUTPUT') {
      const message = `guardrail source rendered "${source.slice(0, 40)}" (expected input or output)`;
      throw new EvalgateError('DATASET_ROW', message, where);
    }
    parts.source = source;
  }
  const grounding = g.groundingSource === undefined ? undefined : _render(g.groundingSource, vars);
  if (grounding !== undefined) parts.groundingSource = grounding;
  const query = g.query === undefined ? undefined : _render(g.query, vars);
  if (query !== undefined) parts.query = query;
  return Object.keys(parts).length === 0 ? undefined : parts;
}
