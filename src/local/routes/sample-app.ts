/**
 * A sample application endpoint for HTTP load tests (API Gateway → Lambda → Bedrock, in-process):
 * `POST /chat {"question": "...", "model"?: "..."}` assembles a support prompt (the policy document as context +
 * the question), runs a local model with its latency profile (scaled by the faults' latencyScale) and answers
 * `{answer, model, latencyMs}`. The backend's faults apply: throttles → 429, 5xx faults → 503, model
 * timeouts → 504 after the timeout delay. Counted in the backend stats under the model id.
 */
import { readFileSync } from 'node:fs';
import { readBody, sendJson, sleep } from '../http-util.ts';
import { generate, getLocalModel } from '../models/index.ts';
import type { ModelInput } from '../models/prompt.ts';
import type { Route, RouteContext } from '../router.ts';

export const SAMPLE_APP_DEFAULT_MODEL = 'amazon.nova-lite-v1:0';

const _SYSTEM = 'You are the Acme Cloud Storage support assistant. Answer from the policy below, briefly.';

let _policy: string | undefined;
function _policyText(): string {
  if (_policy === undefined) {
    try {
      _policy = readFileSync(new URL('../../../datasets/support-policy.md', import.meta.url), 'utf8');
    } catch {
      _policy = '';
    }
  }
  return _policy;
}

/** The prompt the sample app sends its model: system text + policy context + `Question:` line. */
export function samplePrompt(question: string): ModelInput {
  return {
    system: [_SYSTEM],
    messages: [{ role: 'user', text: `Policy:\n${_policyText()}\n\nQuestion: ${question}` }],
    maxTokens: 300,
  };
}

function _parse(body: Buffer): { question: string; model: string } | string {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return 'body must be JSON: {"question": "..."}';
  }
  if (json === null || typeof json !== 'object') return 'body must be a JSON object';
  const { question, model } = json as { question?: unknown; model?: unknown };
  if (typeof question !== 'string' || question.trim() === '') return 'question must be a non-empty string';
  if (model !== undefined && typeof model !== 'string') return 'model must be a string';
  return { question, model: model ?? SAMPLE_APP_DEFAULT_MODEL };
}

async function _chat(ctx: RouteContext): Promise<void> {
  const { req, res, state, signal } = ctx;
  const parsed = _parse(await readBody(req, 1024 * 1024));
  if (typeof parsed === 'string') return sendJson(res, 400, { error: parsed });
  const model = getLocalModel(parsed.model);
  if (!model) return sendJson(res, 404, { error: `unknown model ${parsed.model}` });
  const started = performance.now();
  const key = model.info.id;
  state.stats.request(key, ctx.protocol);
  const faults = state.faults;
  const decision = faults.decide(false, 0);
  if (decision.kind === 'throttle') {
    state.stats.error(key, 'ThrottlingException');
    return sendJson(res, 429, { error: 'Too many requests' }, { 'retry-after': '1' });
  }
  if (decision.kind === 'error') {
    state.stats.error(key, decision.errorName);
    return sendJson(res, 503, { error: 'Service unavailable' });
  }
  if (decision.kind === 'timeout') {
    await sleep(decision.delayMs, signal);
    state.stats.error(key, 'ModelTimeoutException');
    if (!signal.aborted) sendJson(res, 504, { error: 'Upstream model timed out' });
    return;
  }
  const gen = generate(model, samplePrompt(parsed.question));
  await sleep(decision.extraLatencyMs + (gen.firstByteMs + gen.decodeMs) * faults.latencyScale, signal);
  if (signal.aborted) return;
  state.stats.ok(key, gen.inputTokens, gen.outputTokens);
  sendJson(res, 200, { answer: gen.text, model: key, latencyMs: Math.round(performance.now() - started) });
}

export const sampleAppRoutes: Route[] = [{ method: 'POST', path: '/chat', handle: _chat }];
