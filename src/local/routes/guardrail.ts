/**
 * bedrock-runtime ApplyGuardrail: `POST /guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply` with
 * `{source: INPUT|OUTPUT, content: [{text: {text, qualifiers?}}], outputScope?: INTERVENTIONS|FULL}` (shapes read
 * from @aws-sdk/client-bedrock-runtime's ApplyGuardrail schema). Faults, throttling and stats as the other
 * routes; stats are kept under `guardrail/{id}`.
 */
import { type ApplyInput, applyGuardrail, type GuardrailTextInput } from '../guardrails/apply.ts';
import { guardrailIdOf } from '../guardrails/registry.ts';
import { readBody, sendJson } from '../http-util.ts';
import { isObj, jsonBody } from '../kb/request.ts';
import { countTokens } from '../models/prompt.ts';
import type { Route, RouteContext } from '../router.ts';
import { RequestValidationError } from './bedrock-parse.ts';
import { admitRequest, failRequest, parseOrFail, simulateLatency } from './fault-gate.ts';

/** Simulated processing time: base + per 1,000 guarded characters per policy block (ms, × latencyScale). */
export const GUARDRAIL_LATENCY = { baseMs: 40, perPolicyPer1kCharsMs: 15 };

const _QUALIFIERS = new Set(['grounding_source', 'query', 'guard_content']);

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

function _block(raw: unknown, i: number): GuardrailTextInput {
  const where = `content.${i}`;
  if (!isObj(raw)) _fail(`${where} must be a content block`);
  if (raw.image !== undefined)
    _fail(`${where}: image content is not supported by the evalgate local backend`);
  const t = raw.text;
  if (!isObj(t) || typeof t.text !== 'string') _fail(`${where}.text.text must be a string`);
  const q = t.qualifiers;
  if (q === undefined) return { text: t.text };
  if (!Array.isArray(q) || !q.every((x) => typeof x === 'string' && _QUALIFIERS.has(x)))
    _fail(`${where}.text.qualifiers must be a list of grounding_source, query, guard_content`);
  return { text: t.text, qualifiers: q as string[] };
}

/** Parse an ApplyGuardrail body; throws RequestValidationError. */
export function parseApplyBody(body: Buffer): ApplyInput {
  const j = jsonBody(body);
  if (j.source !== 'INPUT' && j.source !== 'OUTPUT') _fail('source must be INPUT or OUTPUT');
  if (!Array.isArray(j.content) || j.content.length === 0) _fail('content must be a non-empty list');
  const scope = j.outputScope;
  if (scope !== undefined && scope !== 'INTERVENTIONS' && scope !== 'FULL')
    _fail('outputScope must be INTERVENTIONS or FULL');
  return { source: j.source, content: j.content.map(_block), ...(scope ? { outputScope: scope } : {}) };
}

async function _serveApply(ctx: RouteContext): Promise<void> {
  const identifier = ctx.params.guardrailIdentifier ?? '';
  const key = `guardrail/${guardrailIdOf(identifier)}`;
  const body = await readBody(ctx.req);
  ctx.state.stats.request(key, ctx.protocol);
  const guardrail = ctx.state.guardrails.resolve(identifier, ctx.params.guardrailVersion ?? '');
  if ('notFound' in guardrail) return failRequest(ctx, key, 'ResourceNotFoundException', guardrail.notFound);
  const input = parseOrFail(ctx, key, () => parseApplyBody(body));
  if (!input) return;
  const chars = input.content.reduce((n, b) => n + b.text.length, 0);
  const tokens = countTokens(input.content.map((b) => b.text).join(''));
  const decision = await admitRequest(ctx, key, tokens);
  if (!decision) return;
  const out = applyGuardrail(guardrail, input);
  const policies = Object.values(out.usage).filter((u) => u > 0).length;
  const planned =
    GUARDRAIL_LATENCY.baseMs + (GUARDRAIL_LATENCY.perPolicyPer1kCharsMs * policies * chars) / 1000;
  if (!(await simulateLatency(ctx, decision, planned))) return;
  sendJson(ctx.res, 200, out);
  ctx.state.faults.settleTokens(decision.tokens, tokens);
  ctx.state.stats.ok(key, tokens, 0);
}

export const guardrailRoutes: Route[] = [
  {
    method: 'POST',
    path: '/guardrail/{guardrailIdentifier}/version/{guardrailVersion}/apply',
    handle: _serveApply,
  },
];
