import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuite } from '../../config/index.ts';
import { TargetSchema } from '../../config/schema.ts';
import type { TargetResponse } from '../../core/types.ts';
import { useLocalBackend } from '../_local-backend.ts';
import { createTarget } from '../registry.ts';
import type { ModelCall, RouteInfo } from '../router.ts';
import { classifierVars, compileClassifier, parseTier, questionOf } from './decide.ts';
import { RouterSchema, type RouterSpec, ruleRegExp } from './schema.ts';

const local = useLocalBackend();

const MICRO = 'amazon.nova-micro-v1:0';
const LITE = 'amazon.nova-lite-v1:0';
const PRO = 'amazon.nova-pro-v1:0';

const system =
  'Refunds are available within 30 days of purchase. Support is open from 9am to 5pm on weekdays. The Vault ships within 2 business days.';

const router = (extra: Record<string, unknown> = {}): RouterSpec =>
  RouterSchema.parse({
    tiers: {
      simple: { model: MICRO, description: 'short lookups of opening hours, support times and weekdays.' },
      complex: { model: PRO, description: 'refunds, purchases, shipping and the Vault device.' },
    },
    rules: [
      { matches: '(?i)\\b(why|compare|explain)\\b', tier: 'complex' },
      { maxChars: 30, tier: 'simple' },
    ],
    default: 'complex',
    ...extra,
  });

const invoke = (spec: RouterSpec, prompt: string, id = 'routed') =>
  createTarget({ id, model: `router/${id}`, api: 'router', router: spec } as never, local.clients).invoke(
    { prompt, system },
    AbortSignal.timeout(10_000),
  );

const rawOf = (r: TargetResponse) => r.raw as { route: RouteInfo; modelCalls: ModelCall[] };
/** Local models count ceil(characters / 4) tokens per text block (src/local/MODELS.md). */
const tok = (text: string) => Math.ceil(text.length / 4);

describe('api router through the real SDK against the local backend', () => {
  it('a matching rule sends the case to its tier; one answer call, no classifier', async () => {
    const prompt = 'Question: Why are refunds available within 30 days of purchase?';
    const r = await invoke(router(), prompt);
    expect(rawOf(r).route).toEqual({ tier: 'complex', model: PRO, by: 'rule', rule: 0 });
    expect(r.text).toBe('Refunds are available within 30 days of purchase.');
    const usage = { inputTokens: tok(system) + tok(prompt), outputTokens: tok(r.text ?? '') };
    expect(rawOf(r).modelCalls).toEqual([
      {
        modelId: PRO,
        role: 'answer',
        usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
      },
    ]);
    expect(r.usage).toEqual({ ...usage, totalTokens: usage.inputTokens + usage.outputTokens });
    expect(r.timing.latencyMs).toBeGreaterThan(0);
  });

  it('rules are tried in order: the second (maxChars) catches a short prompt', async () => {
    const r = await invoke(router(), 'Question: Support hours?');
    expect(rawOf(r).route).toEqual({ tier: 'simple', model: MICRO, by: 'rule', rule: 1 });
    expect(rawOf(r).modelCalls.map((c) => [c.modelId, c.role])).toEqual([[MICRO, 'answer']]);
  });

  it('without a matching rule or a classifier the default tier answers', async () => {
    const r = await invoke(router(), 'Question: How many business days until the Vault ships to me?');
    expect(rawOf(r).route).toEqual({ tier: 'complex', model: PRO, by: 'default' });
    expect(r.text).toBe('The Vault ships within 2 business days.');
  });

  it('the classifier picks the tier when no rule matched; usage is the total of both calls', async () => {
    const spec = router({ classifier: { model: LITE } });
    const prompt = 'Question: On which weekdays are support hours open?';
    const r = await invoke(spec, prompt);
    const { route, modelCalls } = rawOf(r);
    // lite copies the tier line sharing most words with the question: "Tier simple: short lookups of opening hours…"
    expect(route).toEqual({
      tier: 'simple',
      model: MICRO,
      by: 'classifier',
      classifier: {
        answer: 'Tier simple: short lookups of opening hours, support times and weekdays.',
        parsed: true,
      },
    });
    const classifierPrompt = compileClassifier(spec, 'routed')?.(classifierVars(spec, prompt, system)).prompt;
    expect(classifierPrompt).toBe(
      [
        'Tier simple: short lookups of opening hours, support times and weekdays.',
        'Tier complex: refunds, purchases, shipping and the Vault device.',
        'Reply with the name of the one tier that fits the question (simple, complex).',
        'Question: On which weekdays are support hours open?',
      ].join('\n'),
    );
    const c = { inputTokens: tok(classifierPrompt ?? ''), outputTokens: tok(route.classifier?.answer ?? '') };
    const a = { inputTokens: tok(system) + tok(prompt), outputTokens: tok(r.text ?? '') };
    expect(modelCalls).toEqual([
      { modelId: LITE, role: 'classifier', usage: { ...c, totalTokens: c.inputTokens + c.outputTokens } },
      { modelId: MICRO, role: 'answer', usage: { ...a, totalTokens: a.inputTokens + a.outputTokens } },
    ]);
    const input = c.inputTokens + a.inputTokens;
    const output = c.outputTokens + a.outputTokens;
    expect(r.usage).toEqual({ inputTokens: input, outputTokens: output, totalTokens: input + output });
  });

  it('an answer naming no tier falls back to the default tier, recorded as unparsed', async () => {
    const r = await invoke(router({ classifier: { model: LITE } }), 'Question: Is there a mobile app?');
    expect(rawOf(r).route).toEqual({
      tier: 'complex',
      model: PRO,
      by: 'default',
      classifier: { answer: "I don't know based on the provided information.", parsed: false },
    });
    expect(rawOf(r).modelCalls.map((c) => c.role)).toEqual(['classifier', 'answer']);
  });

  it("a tier's inference overrides the request's (maxTokens 2 → 8 characters, stopReason max_tokens)", async () => {
    const spec = router();
    spec.tiers.simple = { model: MICRO, inference: { maxTokens: 2 } };
    const r = await invoke(spec, 'Question: Support hours?');
    expect(r.text).toBe('Support ');
    expect(r.stopReason).toBe('max_tokens');
  });

  it('is named router/<id> and keeps router configurations apart in the cache', () => {
    const a = createTarget(
      { id: 'r', model: 'router/r', api: 'router', router: router() } as never,
      local.clients,
    );
    const b = createTarget(
      { id: 'r', model: 'router/r', api: 'router', router: router({ default: 'simple' }) } as never,
      local.clients,
    );
    expect([a.kind, a.modelId]).toEqual(['router', 'router/r']);
    expect(a.configKey).toMatch(/^[0-9a-f]{16}$/);
    expect(a.configKey).not.toBe(b.configKey);
  });

  it('a classifier template naming an unknown variable fails when the target is built (one line)', () => {
    const spec = router({ classifier: { model: LITE, prompt: 'Pick one of {{tiers}} for {{query}}' } });
    expect(() => invoke(spec, 'x')).toThrow(
      /^target "routed": router.classifier template: "query" not defined .*\(variables: prompt, question, system, tiers, tierList\)$/,
    );
  });
});

describe('router decisions (pure)', () => {
  it('parseTier: an exact name, or the one tier the answer names as a word', () => {
    const tiers = ['simple', 'complex'];
    expect(parseTier(' "Complex". ', tiers)).toBe('complex');
    expect(parseTier('Tier simple: short lookups.', tiers)).toBe('simple');
    expect(parseTier('{"answer":"complex"}', tiers)).toBe('complex');
    expect(parseTier('simple or complex', tiers)).toBeUndefined();
    expect(parseTier('simpleton', tiers)).toBeUndefined();
    expect(parseTier('', tiers)).toBeUndefined();
  });

  it('questionOf: the text after the last Question: line, else the whole prompt', () => {
    expect(questionOf('passage one\nQuestion: a?\nQuestion: b?')).toBe('b?');
    expect(questionOf('  just ask  ')).toBe('just ask');
  });

  it('ruleRegExp: a leading (?i) becomes the i flag', () => {
    expect(ruleRegExp('(?i)\\bwhy\\b').test('WHY not')).toBe(true);
    expect(ruleRegExp('\\bwhy\\b').test('WHY not')).toBe(false);
    expect(ruleRegExp('why', 'i').flags).toBe('i');
  });
});

describe('router in the suite schema', () => {
  const base = { id: 'routed', api: 'router' };
  const tiers = { simple: { model: MICRO }, complex: { model: PRO } };
  const issues = (t: unknown) =>
    (TargetSchema.safeParse(t).error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`);

  it('a router target needs no model and is named router/<id>; defaults tierLabel tier and margin 0.05', () => {
    const parsed = TargetSchema.parse({ ...base, router: { tiers, default: 'complex' } });
    expect(parsed.model).toBe('router/routed');
    expect(parsed.router).toMatchObject({ tierLabel: 'tier', margin: 0.05 });
  });

  it('api router needs router; router applies only to api router; model is not used', () => {
    expect(issues(base)).toEqual(['router: api router needs router (tiers and default)']);
    expect(issues({ id: 'x', model: MICRO, router: { tiers, default: 'simple' } })).toEqual([
      'router: router applies only to api router',
    ]);
    expect(issues({ ...base, model: MICRO, router: { tiers, default: 'simple' } })).toEqual([
      'model: model is not used by api router (each tier names its model under router.tiers)',
    ]);
  });

  it('unknown tiers, conditionless rules and bad patterns are named with their path', () => {
    const router = {
      tiers,
      default: 'medium',
      rules: [{ tier: 'simple' }, { matches: '(unclosed', tier: 'hard' }],
    };
    expect(issues({ ...base, router })).toEqual([
      'router.default: unknown tier "medium" (tiers: simple, complex)',
      'router.rules.0: expected a condition: matches, minChars and/or maxChars',
      'router.rules.1.tier: unknown tier "hard" (tiers: simple, complex)',
      'router.rules.1.matches: invalid regular expression: Invalid regular expression: /(unclosed/: Unterminated group',
    ]);
  });
});

describe('router references in a suite file', () => {
  const suiteText = (router: string) => `name: r
datasets:
  - path: d.csv
prompt:
  version: 1.0.0
  template: "Question: {{question}}"
targets:
  - id: strong
    model: ${PRO}
  - id: routed
    api: router
    router:
${router}
scorers:
  - type: routing
`;
  const load = async (router: string) => {
    const dir = await mkdtemp(join(tmpdir(), 'evalgate-router-'));
    try {
      await writeFile(join(dir, 'd.csv'), 'id,question,tier\nq1,Why?,complex\n');
      await writeFile(join(dir, 'suite.yaml'), suiteText(router));
      return await loadSuite(join(dir, 'suite.yaml'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  it('loads a valid router; the candidate is named router/routed', async () => {
    const loaded = await load(
      `      tiers: { simple: { model: ${MICRO} }, complex: { model: ${PRO} } }\n      default: complex\n      baseline: strong`,
    );
    expect(loaded.suite.targets.map((t) => t.model)).toEqual([PRO, 'router/routed']);
  });

  it('a tier model that is no Bedrock id and a baseline that is no target are one-line errors with the line', async () => {
    await expect(load(`      tiers: { simple: { model: micro } }\n      default: simple`)).rejects.toThrow(
      /suite\.yaml:13:\d+: targets\[1\]\.router\.tiers\.simple\.model: "micro" is not a Bedrock model id/,
    );
    await expect(
      load(`      tiers: { simple: { model: ${MICRO} } }\n      default: simple\n      baseline: nobody`),
    ).rejects.toThrow(
      /suite\.yaml:15:\d+: .*router\.baseline: "nobody" is not a target id \(targets: strong, routed\)/,
    );
  });
});
