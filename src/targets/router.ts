/**
 * `api: router`: a routed system as one candidate. Each case goes to a tier — the first matching rule, else the
 * classifier model's answer, else the default tier — and that tier's model answers it through Converse (the
 * request's system prompt and inference config, the tier's inference on top).
 *
 * The response is the tier model's answer; `usage` is the total of every call (classifier + answer), `timing`
 * the whole latency, `raw.route = { tier, model, by, rule? }` (plus the classifier's answer when one was asked),
 * and `raw.modelCalls = [{ modelId, role: 'classifier' | 'answer', usage }]` so the cost scorer prices each call
 * by its own model. Retries and throttling are the runner's: a failed call fails the whole invocation.
 */
import { createHash } from 'node:crypto';
import { EvalgateError } from '../core/errors.ts';
import type { Target, TargetRequest, TargetResponse, TargetTiming, TokenUsage } from '../core/types.ts';
import { bedrockConverse } from './bedrock-converse.ts';
import {
  type CompiledClassifier,
  type CompiledRule,
  classifierVars,
  compileClassifier,
  compileRules,
  matchRule,
  parseTier,
} from './router/decide.ts';
import { type RouterSpec, routerModelId } from './router/schema.ts';
import type { TargetDefinition, TargetSpec } from './types.ts';

/** One model call of a routed answer, as the cost scorer prices it. */
export interface ModelCall {
  modelId: string;
  role: 'classifier' | 'answer';
  usage: TokenUsage;
}

/** How a case was routed (`raw.route`). */
export interface RouteInfo {
  tier: string;
  model: string;
  by: 'rule' | 'classifier' | 'default';
  /** 0-based index of the matching rule (by = rule). */
  rule?: number;
  /** What the classifier answered (when it was asked), and whether a tier could be read from it. */
  classifier?: { answer: string; parsed: boolean };
}

const CLASSIFIER_INFERENCE = { maxTokens: 20, temperature: 0 };

function _sum(usages: readonly TokenUsage[]): TokenUsage {
  const total: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const u of usages) {
    total.inputTokens += u.inputTokens;
    total.outputTokens += u.outputTokens;
    total.totalTokens += u.totalTokens;
    if (u.cacheReadInputTokens)
      total.cacheReadInputTokens = (total.cacheReadInputTokens ?? 0) + u.cacheReadInputTokens;
    if (u.cacheWriteInputTokens)
      total.cacheWriteInputTokens = (total.cacheWriteInputTokens ?? 0) + u.cacheWriteInputTokens;
  }
  return total;
}

function _fingerprint(router: RouterSpec): string {
  return createHash('sha256').update(JSON.stringify(router)).digest('hex').slice(0, 16);
}

/** Rules → classifier → default. The classifier's response, when it was asked, is pushed to `asked`. */
async function _decide(
  router: RouterSpec,
  parts: { rules: CompiledRule[]; classifier?: Target; classify?: CompiledClassifier },
  request: TargetRequest,
  signal: AbortSignal,
  asked: TargetResponse[],
): Promise<Omit<RouteInfo, 'model'>> {
  const hit = matchRule(parts.rules, request.prompt);
  if (hit) return { tier: hit.tier, by: 'rule', rule: hit.rule };
  if (!parts.classifier || !parts.classify) return { tier: router.default, by: 'default' };
  const rendered = parts.classify(classifierVars(router, request.prompt, request.system));
  const inferenceConfig = { ...CLASSIFIER_INFERENCE, ...router.classifier?.inference };
  const out = await parts.classifier.invoke({ ...rendered, inferenceConfig }, signal);
  asked.push(out);
  const answer = out.text ?? '';
  const tier = parseTier(answer, Object.keys(router.tiers));
  return tier
    ? { tier, by: 'classifier', classifier: { answer, parsed: true } }
    : { tier: router.default, by: 'default', classifier: { answer, parsed: false } };
}

export const routerTarget: TargetDefinition = {
  apis: ['router'],
  description: 'A routed system: rules and/or a classifier model send each case to a tier model (Converse)',
  create(spec, clients): Target {
    const router = (spec as TargetSpec & { router?: RouterSpec }).router;
    if (!router) throw new EvalgateError('TARGET', `target "${spec.id}": api router needs router`);
    const region = spec.region === undefined ? {} : { region: spec.region };
    const converse = (role: string, model: string) =>
      bedrockConverse.create({ id: `${spec.id}/${role}`, model, api: 'converse', ...region }, clients);
    const answerers = new Map(
      Object.entries(router.tiers).map(([name, t]) => [name, converse(name, t.model)]),
    );
    const classify = compileClassifier(router, spec.id);
    const parts = {
      rules: compileRules(router.rules),
      ...(router.classifier && classify
        ? { classifier: converse('classifier', router.classifier.model), classify }
        : {}),
    };

    return {
      id: spec.id,
      kind: 'router',
      modelId: routerModelId(spec.id),
      // cached answers of one router configuration never serve another
      configKey: _fingerprint(router),
      async invoke(request, signal): Promise<TargetResponse> {
        const started = performance.now();
        const asked: TargetResponse[] = [];
        const decision = await _decide(router, parts, request, signal, asked);
        const tier = router.tiers[decision.tier];
        const answerer = answerers.get(decision.tier);
        if (!tier || !answerer)
          throw new EvalgateError('TARGET', `target "${spec.id}": no tier "${decision.tier}"`);
        const inferenceConfig = { ...request.inferenceConfig, ...tier.inference };
        const out = await answerer.invoke(
          { ...request, ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}) },
          signal,
        );
        const classified = asked[0];
        const calls: ModelCall[] = [];
        if (classified?.usage && router.classifier)
          calls.push({ modelId: router.classifier.model, role: 'classifier', usage: classified.usage });
        if (out.usage) calls.push({ modelId: tier.model, role: 'answer', usage: out.usage });
        const route: RouteInfo = { ...decision, model: tier.model };
        const service = [classified?.timing, out.timing].filter((t) => t !== undefined);
        const serviceMs = service.map((t) => t.serviceLatencyMs);
        const timing: TargetTiming = { latencyMs: performance.now() - started };
        if (serviceMs.every((ms) => ms !== undefined))
          timing.serviceLatencyMs = serviceMs.reduce((a, b) => a + b, 0);
        return {
          ...(out.text === undefined ? {} : { text: out.text }),
          ...(calls.length > 0 ? { usage: _sum(calls.map((c) => c.usage)) } : {}),
          ...(out.stopReason === undefined ? {} : { stopReason: out.stopReason }),
          timing,
          raw: {
            route,
            modelCalls: calls,
            answer: out.raw,
            ...(classified ? { classifier: classified.raw } : {}),
          },
        };
      },
    };
  },
};
