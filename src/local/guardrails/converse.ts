/**
 * Converse / ConverseStream with `guardrailConfig {guardrailIdentifier, guardrailVersion, trace}`:
 * 1. the input is checked (source INPUT): the `guardContent` blocks of messages and system when there are any,
 *    else every text block of every message. Blocked → the answer is the guardrail's blockedInputMessaging,
 *    stopReason `guardrail_intervened`, usage 0/0, and no model call. Anonymized → the model sees the masked text.
 * 2. the model's answer is checked (source OUTPUT; `grounding_source` / `query` guardContent blocks of the input
 *    feed the grounding check). Blocked → blockedOutputsMessaging; anonymized → the masked answer; both with
 *    stopReason `guardrail_intervened`.
 * 3. `trace: enabled` (or `enabled_full`, which also lists filters that did not fire) adds `trace.guardrail`:
 *    `{inputAssessment: {<id>: assessment}, outputAssessments: {<id>: [assessment]}, modelOutput?, actionReason?}`
 *    (modelOutput = the model's own answer, when the output check intervened).
 * guardContent blocks are passed to the model as plain text blocks.
 */
import { isObj } from '../kb/request.ts';
import { type Generation, generate, type LocalModel } from '../models/index.ts';
import { parseConverseBody, RequestValidationError } from '../routes/bedrock-parse.ts';
import {
  type ApplyOutput,
  applyGuardrail,
  type GuardrailAssessment,
  type GuardrailTextInput,
} from './apply.ts';
import type { ResolvedGuardrail } from './definition.ts';
import type { GuardrailRegistry } from './registry.ts';

/** A generation whose stopReason may also be `guardrail_intervened`. */
export type GuardedGeneration = Omit<Generation, 'stopReason'> & { stopReason: string };

export interface ConverseGuard {
  guardrail: ResolvedGuardrail;
  trace: 'enabled' | 'disabled' | 'enabled_full';
  /** The request body with guardContent blocks turned into text blocks (what the model sees). */
  json: Record<string, unknown>;
  /** Where each guarded input block sits: [container, index] so a masked text can be written back. */
  slots: Array<{ list: unknown[]; index: number; block: GuardrailTextInput }>;
}

type _Locator = { list: unknown[]; index: number; block: GuardrailTextInput };

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

function _guardBlock(list: unknown[], index: number, gc: unknown, where: string): _Locator {
  const t = isObj(gc) && isObj(gc.text) ? gc.text : undefined;
  if (!t || typeof t.text !== 'string') _fail(`${where}.guardContent.text.text must be a string`);
  const qualifiers = Array.isArray(t.qualifiers)
    ? t.qualifiers.filter((q) => typeof q === 'string')
    : undefined;
  list[index] = { text: t.text };
  return { list, index, block: { text: t.text, ...(qualifiers?.length ? { qualifiers } : {}) } };
}

/** Rewrite guardContent → text in place; return the guarded input slots (see the module comment). */
function _inputSlots(json: Record<string, unknown>): _Locator[] {
  const guarded: _Locator[] = [];
  const plain: _Locator[] = [];
  const system = Array.isArray(json.system) ? json.system : [];
  system.forEach((b, i) => {
    if (isObj(b) && b.guardContent !== undefined)
      guarded.push(_guardBlock(system, i, b.guardContent, `system.${i}`));
  });
  const messages = Array.isArray(json.messages) ? json.messages : [];
  messages.forEach((m, mi) => {
    if (!isObj(m) || !Array.isArray(m.content)) return;
    const content = m.content;
    content.forEach((b, i) => {
      const where = `messages.${mi}.content.${i}`;
      if (isObj(b) && b.guardContent !== undefined)
        guarded.push(_guardBlock(content, i, b.guardContent, where));
      else if (isObj(b) && typeof b.text === 'string')
        plain.push({ list: content, index: i, block: { text: b.text } });
    });
  });
  return guarded.length ? guarded : plain;
}

/**
 * Read `guardrailConfig` from a Converse body: undefined when absent; `{notFound}` for an unknown guardrail or
 * version; throws RequestValidationError for a malformed config or body.
 */
export function openConverseGuard(
  registry: GuardrailRegistry,
  body: Buffer,
): ConverseGuard | { notFound: string } | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return undefined; // parseConverseBody reports it
  }
  if (!isObj(json) || json.guardrailConfig === undefined) return undefined;
  const cfg = json.guardrailConfig;
  if (!isObj(cfg) || typeof cfg.guardrailIdentifier !== 'string' || typeof cfg.guardrailVersion !== 'string')
    _fail('guardrailConfig must have guardrailIdentifier and guardrailVersion strings');
  const trace = cfg.trace ?? 'disabled';
  if (trace !== 'enabled' && trace !== 'disabled' && trace !== 'enabled_full')
    _fail('guardrailConfig.trace must be enabled, disabled or enabled_full');
  const guardrail = registry.resolve(cfg.guardrailIdentifier, cfg.guardrailVersion);
  if ('notFound' in guardrail) return guardrail;
  const slots = _inputSlots(json);
  return { guardrail, trace, json, slots };
}

function _scope(guard: ConverseGuard): 'FULL' | 'INTERVENTIONS' {
  return guard.trace === 'enabled_full' ? 'FULL' : 'INTERVENTIONS';
}

export interface GuardedAnswer {
  gen: GuardedGeneration;
  /** `trace.guardrail` for the response, when trace is on. */
  trace?: Record<string, unknown>;
}

/** Check the input, call the model (unless blocked), check its answer; see the module comment. */
export function guardedGenerate(guard: ConverseGuard, model: LocalModel): GuardedAnswer {
  const g = guard.guardrail;
  const inputCheck = applyGuardrail(g, {
    source: 'INPUT',
    content: guard.slots.map((s) => s.block),
    outputScope: _scope(guard),
  });
  const checkMs = (a: ApplyOutput): number =>
    a.assessments[0]?.invocationMetrics.guardrailProcessingLatency ?? 0;
  if (inputCheck.action === 'GUARDRAIL_INTERVENED' && inputCheck.actionReason === 'Guardrail blocked.') {
    const gen = {
      text: g.blockedInputMessaging,
      stopReason: 'guardrail_intervened',
      inputTokens: 0,
      outputTokens: 0,
      firstByteMs: checkMs(inputCheck),
      decodeMs: 0,
    };
    return { gen, ..._trace(guard, inputCheck, undefined, undefined) };
  }
  if (inputCheck.action === 'GUARDRAIL_INTERVENED') {
    guard.slots.forEach((s, i) => {
      s.list[s.index] = { text: inputCheck.outputs[i]?.text ?? s.block.text };
    });
  }
  const raw = generate(model, parseConverseBody(Buffer.from(JSON.stringify(guard.json))));
  const grounding = guard.slots
    .map((s) => s.block)
    .filter((b) => b.qualifiers?.some((q) => q !== 'guard_content'));
  const outputCheck = applyGuardrail(g, {
    source: 'OUTPUT',
    content: [{ text: raw.text, qualifiers: ['guard_content'] }, ...grounding],
    outputScope: _scope(guard),
  });
  const extraMs = checkMs(inputCheck) + checkMs(outputCheck);
  const gen: GuardedGeneration = { ...raw, firstByteMs: raw.firstByteMs + extraMs };
  if (outputCheck.action === 'GUARDRAIL_INTERVENED') {
    gen.text = outputCheck.outputs.map((o) => o.text).join('\n');
    gen.stopReason = 'guardrail_intervened';
  }
  return { gen, ..._trace(guard, inputCheck, outputCheck, raw.text) };
}

function _trace(
  guard: ConverseGuard,
  input: ApplyOutput,
  output: ApplyOutput | undefined,
  modelText: string | undefined,
): { trace?: Record<string, unknown> } {
  if (guard.trace === 'disabled') return {};
  const id = guard.guardrail.guardrailId;
  const t: Record<string, unknown> = {};
  if (output?.action === 'GUARDRAIL_INTERVENED' && modelText !== undefined) t.modelOutput = [modelText];
  t.inputAssessment = { [id]: input.assessments[0] as GuardrailAssessment };
  if (output) t.outputAssessments = { [id]: output.assessments };
  const reason = input.actionReason ?? output?.actionReason;
  if (reason) t.actionReason = reason;
  return { trace: { guardrail: t } };
}
