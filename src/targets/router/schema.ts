/**
 * The `router:` block of an `api: router` target (zod v4, strict): tiers (tier → the model that serves it),
 * rules (first match wins, on the rendered user prompt), an optional classifier model + prompt, the default tier,
 * and what the routing report compares against (`baseline`, `tierLabel`, `margin`). The suite schema
 * (src/config/schema.ts) embeds it and applies `routerIssues`; the target (src/targets/router.ts) builds on it.
 */
import Handlebars from 'handlebars';
import { z } from 'zod';
import { InferenceSchema } from '../../config/inference-schema.ts';

const TIER_RE = /^[A-Za-z][A-Za-z0-9_-]*$/;

const TierSchema = z
  .strictObject({
    model: z.string().min(1).describe('Bedrock model id (Converse) that answers the cases routed here.'),
    inference: InferenceSchema.optional().describe("Overrides the target's inference for this tier."),
    description: z
      .string()
      .min(1)
      .optional()
      .describe('One sentence on what belongs in this tier; the default classifier prompt lists it.'),
  })
  .describe('One tier: the model that serves it.');

/** `(?i)`, `(?is)` … at the start of a pattern (PCRE inline flags) → JavaScript flags. */
const INLINE_FLAGS = /^\(\?([ims]+)\)/;

/** The RegExp of a rule's `matches` (a leading `(?i)`-style group becomes flags). Throws SyntaxError when invalid. */
export function ruleRegExp(pattern: string, flags = ''): RegExp {
  const inline = INLINE_FLAGS.exec(pattern);
  const all = new Set([...flags, ...(inline?.[1] ?? '')]);
  return new RegExp(inline ? pattern.slice(inline[0].length) : pattern, [...all].join(''));
}

const RuleSchema = z
  .strictObject({
    matches: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Regular expression the prompt must match (JavaScript; a leading '(?i)' = case-insensitive).",
      ),
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'expected regular expression flags among i, m, s, u')
      .optional()
      .describe('Flags of `matches`.'),
    minChars: z.number().int().min(0).optional().describe('The prompt has at least this many characters.'),
    maxChars: z.number().int().min(0).optional().describe('The prompt has at most this many characters.'),
    tier: z.string().min(1).describe('Tier the matching cases go to.'),
  })
  .describe('A routing rule: every condition given must hold (on the rendered user prompt).');

const ClassifierSchema = z
  .strictObject({
    model: z.string().min(1).describe('Bedrock model id (Converse) that picks the tier.'),
    prompt: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Classifier prompt (handlebars): {{prompt}}, {{question}}, {{system}}, {{tiers}} (names, comma-separated), {{#each tierList}}{{name}} {{description}}{{/each}}. Default: one line per tier and the question.',
      ),
    system: z.string().min(1).optional().describe('Classifier system prompt (handlebars, same variables).'),
    inference: InferenceSchema.optional().describe('Default: maxTokens 20, temperature 0.'),
  })
  .describe('A model that picks the tier when no rule matched; its answer is matched to a tier name.');

export const RouterSchema = z
  .strictObject({
    tiers: z
      .record(z.string().regex(TIER_RE, 'expected a tier name (letters, digits, _ or -)'), TierSchema)
      .refine((t) => Object.keys(t).length > 0, 'expected at least one tier')
      .describe('Tier name → the model that serves it.'),
    rules: z.array(RuleSchema).optional().describe('First match wins; before the classifier.'),
    classifier: ClassifierSchema.optional(),
    default: z.string().min(1).describe('Tier of cases no rule matched and the classifier did not place.'),
    baseline: z
      .string()
      .min(1)
      .optional()
      .describe('Id of the all-strong candidate the routing report compares with.'),
    tierLabel: z
      .string()
      .min(1)
      .default('tier')
      .describe("Dataset column with each case's true tier (routing accuracy)."),
    margin: z
      .number()
      .min(0)
      .default(0.05)
      .describe(
        'Routing report: quality counts as equal when the 95 % CI of the difference lies within ±margin.',
      ),
  })
  .superRefine((r, ctx) => {
    const names = Object.keys(r.tiers);
    const known = names.join(', ');
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    if (names.length > 0 && !names.includes(r.default))
      issue(['default'], `unknown tier "${r.default}" (tiers: ${known})`);
    for (const [i, rule] of (r.rules ?? []).entries()) {
      if (names.length > 0 && !names.includes(rule.tier))
        issue(['rules', i, 'tier'], `unknown tier "${rule.tier}" (tiers: ${known})`);
      if (rule.matches === undefined && rule.minChars === undefined && rule.maxChars === undefined)
        issue(['rules', i], 'expected a condition: matches, minChars and/or maxChars');
      if (rule.flags !== undefined && rule.matches === undefined)
        issue(['rules', i, 'flags'], 'flags applies only with matches');
      if (rule.matches !== undefined) {
        try {
          ruleRegExp(rule.matches, rule.flags);
        } catch (err) {
          issue(['rules', i, 'matches'], `invalid regular expression: ${(err as Error).message}`);
        }
      }
    }
    for (const field of ['prompt', 'system'] as const) {
      const text = r.classifier?.[field];
      if (text === undefined) continue;
      try {
        Handlebars.parse(text);
      } catch (err) {
        issue(['classifier', field], `invalid handlebars: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  })
  .describe('api router: rules and/or a classifier send each case to a tier, whose model answers it.');

export type RouterSpec = z.output<typeof RouterSchema>;
export type RouterTier = RouterSpec['tiers'][string];
export type RouterRule = NonNullable<RouterSpec['rules']>[number];

/** What the suite schema's target refinement needs to know of a target. */
interface _TargetFields {
  api: string;
  model?: string;
  router?: unknown;
}

/** `router:` goes with api router (and such a target names no `model`): issues for the target's superRefine. */
export function routerIssues(t: _TargetFields, ctx: z.RefinementCtx): void {
  const issue = (path: string[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  if (t.api !== 'router') {
    if (t.router !== undefined) issue(['router'], 'router applies only to api router');
    return;
  }
  if (t.router === undefined) issue(['router'], 'api router needs router (tiers and default)');
  if (t.model !== undefined)
    issue(['model'], 'model is not used by api router (each tier names its model under router.tiers)');
}

/** The model id a router candidate goes by (prices, report, cache): `router/<target id>`. */
export function routerModelId(targetId: string): string {
  return `router/${targetId}`;
}

/**
 * Cross-references of a valid `router:` block (for the suite's reference checks): every tier model and the
 * classifier model must pass `modelProblem`, and `baseline` must be one of `targetIds`. Paths are under `router`.
 */
export function routerReferences(
  router: RouterSpec | undefined,
  targetIds: readonly string[],
  modelProblem: (model: string) => string | undefined,
): { path: (string | number)[]; message: string }[] {
  if (!router) return [];
  const out: { path: (string | number)[]; message: string }[] = [];
  for (const [name, tier] of Object.entries(router.tiers)) {
    const message = modelProblem(tier.model);
    if (message) out.push({ path: ['tiers', name, 'model'], message });
  }
  const classifier = router.classifier && modelProblem(router.classifier.model);
  if (classifier) out.push({ path: ['classifier', 'model'], message: classifier });
  if (router.baseline !== undefined && !targetIds.includes(router.baseline)) {
    const message = `"${router.baseline}" is not a target id (targets: ${[...new Set(targetIds)].join(', ')})`;
    out.push({ path: ['baseline'], message });
  }
  return out;
}
