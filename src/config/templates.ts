/**
 * Prompt rendering: handlebars compiled once per template (noEscape — prompts are not HTML; strict — a missing
 * variable throws instead of rendering as nothing).
 */
import Handlebars from 'handlebars';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase, TargetRequest } from '../core/types.ts';
import { renderGuardrailParts } from '../targets/guardrail/qualifiers.ts';
import type { LoadedSuite } from './load-suite.ts';
import type { LoadedPrompt } from './prompt-files.ts';
import { describeVariables, managedVariables } from './prompt-variables.ts';
import type { SuiteTarget } from './schema.ts';

export type CompiledTemplate = (vars: Record<string, unknown>) => string;

/** Compile a handlebars template for prompts (no HTML escaping, strict variable lookup). */
export function compileTemplate(source: string): CompiledTemplate {
  const compiled = Handlebars.compile(source, { noEscape: true, strict: true });
  return (vars) => compiled(vars);
}

const _cache = new WeakMap<LoadedSuite, Map<string, CompiledTemplate>>();

function _compiled(loaded: LoadedSuite, source: string): CompiledTemplate {
  let byText = _cache.get(loaded);
  if (!byText) {
    byText = new Map();
    _cache.set(loaded, byText);
  }
  let fn = byText.get(source);
  if (!fn) {
    fn = compileTemplate(source);
    byText.set(source, fn);
  }
  return fn;
}

/** The variables a case's templates see: includes, then the row's fields, then `expected` and `id`. */
export function templateVariables(
  loaded: Pick<LoadedSuite, 'includes'>,
  evalCase: EvalCase,
): Record<string, unknown> {
  return { ...loaded.includes, ...evalCase.vars, expected: evalCase.expected, id: evalCase.id };
}

function _where(evalCase: EvalCase): string {
  const rowWord = evalCase.source.file.toLowerCase().endsWith('.jsonl') ? 'line' : 'row';
  return `${evalCase.source.file} ${rowWord} ${evalCase.source.row}`;
}

function _render(
  fn: CompiledTemplate,
  vars: Record<string, unknown>,
  evalCase: EvalCase,
  what: string,
): string {
  try {
    return fn(vars);
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    const why = raw.replace(/ in \[object Object\]/g, '').split('\n')[0] ?? raw;
    throw new EvalgateError('DATASET_ROW', `cannot render ${what}: ${why}`, _where(evalCase));
  }
}

/** The prompt version a target renders: its `promptVersion`, else the first (a suite with one `prompt:`). */
export function promptVersionOf(loaded: LoadedSuite, target: SuiteTarget): LoadedPrompt | undefined {
  const prompts = loaded.prompts ?? [];
  return prompts.find((p) => p.version === target.promptVersion) ?? prompts[0];
}

/**
 * The request for one (case, target): the target's prompt version rendered (template, includes, system), the
 * system prompt (`target.system` or else the version's `system`) and the target's inference config. A Bedrock
 * Prompt Management version renders nothing: the request carries the case's `promptVariables` (and, as `prompt`,
 * a `name: value` listing of them for the report). Throws EvalgateError (DATASET_ROW) when the row lacks a
 * variable the template reads.
 */
export function renderPrompt(loaded: LoadedSuite, evalCase: EvalCase, target: SuiteTarget): TargetRequest {
  const version = promptVersionOf(loaded, target);
  if (version?.bedrock) {
    const promptVariables = managedVariables(version.bedrock, evalCase, _where(evalCase));
    return { prompt: describeVariables(promptVariables), promptVariables };
  }
  const includes = version?.includes ?? loaded.includes;
  const vars = templateVariables({ includes }, evalCase);
  const request: TargetRequest = {
    prompt: _render(_compiled(loaded, version?.template ?? loaded.template), vars, evalCase, 'the prompt'),
  };
  const system = target.system ?? (version ? version.system : loaded.suite.prompt.system);
  if (system !== undefined)
    request.system = _render(_compiled(loaded, system), vars, evalCase, 'the system prompt');
  if (target.inference !== undefined) request.inferenceConfig = { ...target.inference };
  if (target.api === 'guardrail') {
    const guardrail = renderGuardrailParts(target.guardrail, vars, _where(evalCase));
    if (guardrail !== undefined) request.guardrail = guardrail;
  }
  return request;
}
