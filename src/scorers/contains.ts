/** `contains`: the output contains a (templated) value, or any/all of several values. */
import Handlebars from 'handlebars';
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';
import type { EvalCase } from '../core/types.ts';
import { graded, nameField, noOutputText, quote, thresholdField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

/** The Handlebars syntax error for a template (first line only), or undefined when it parses. */
export function templateProblem(template: string): string | undefined {
  try {
    Handlebars.parse(template);
    return undefined;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return message.split('\n')[0];
  }
}

const template = z.string().describe('Handlebars template over the case variables and `expected`.');

const optionsSchema = z
  .strictObject({
    type: z.literal('contains'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    value: template
      .optional()
      .describe('Text the output must contain; a Handlebars template (default "{{expected}}").'),
    values: z
      .array(template)
      .min(1)
      .optional()
      .describe('Several texts (Handlebars templates) instead of `value`; see `mode`.'),
    mode: z
      .enum(['any', 'all'])
      .optional()
      .describe('With `values`: any → 1 if one is contained; all → fraction contained (default all).'),
    caseSensitive: z.boolean().optional().describe('Compare case-sensitively (default false).'),
  })
  .superRefine((o, ctx) => {
    if (o.value !== undefined && o.values !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['values'], message: 'give either value or values, not both' });
    }
    if (o.mode !== undefined && o.values === undefined) {
      ctx.addIssue({ code: 'custom', path: ['mode'], message: 'mode applies only with values' });
    }
    const templates = o.values ?? (o.value === undefined ? [] : [o.value]);
    templates.forEach((t, i) => {
      const problem = templateProblem(t);
      if (problem === undefined) return;
      const path = o.values ? ['values', i] : ['value'];
      ctx.addIssue({ code: 'custom', path, message: `invalid Handlebars template: ${problem}` });
    });
  })
  .describe('Output contains the value(s) → 1 (mode all with several values: the fraction contained).');

export type ContainsOptions = z.infer<typeof optionsSchema>;

/** Template context: the case variables plus `expected`. */
function _context(evalCase: EvalCase): Record<string, unknown> {
  return { ...evalCase.vars, expected: evalCase.expected ?? evalCase.vars.expected };
}

export const containsScorer: ScorerDefinition<ContainsOptions> = {
  type: 'contains',
  description: 'Output contains the expected answer or a templated value (case-insensitive by default).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'contains'],
  create(o) {
    const metric = o.name ?? 'contains';
    const sources = o.values ?? [o.value ?? '{{expected}}'];
    for (const source of sources) {
      const problem = templateProblem(source);
      if (problem !== undefined) throw new EvalgateError('CONFIG_SCHEMA', `scorer "${metric}": ${problem}`);
    }
    const templates = sources.map((s) => Handlebars.compile(s, { noEscape: true }));
    const mode = o.mode ?? 'all';
    const fold = (s: string): string => (o.caseSensitive ? s : s.toLowerCase());
    return {
      name: metric,
      type: 'contains',
      score(evalCase, response) {
        if (response.text === undefined) return [noOutputText(metric, o.threshold)];
        const context = _context(evalCase);
        const wanted = templates.map((t) => t(context));
        const empty = wanted.findIndex((w) => w.trim() === '');
        if (empty >= 0) {
          const which = sources.length > 1 ? `value #${empty + 1} ` : 'value ';
          return [graded(metric, 0, o.threshold, `${which}${quote(sources[empty] ?? '')} rendered empty`)];
        }
        const output = fold(response.text);
        const missing = wanted.filter((w) => !output.includes(fold(w)));
        const found = wanted.length - missing.length;
        const value = mode === 'any' ? (found > 0 ? 1 : 0) : found / wanted.length;
        if (missing.length === 0 || (mode === 'any' && found > 0))
          return [graded(metric, value, o.threshold)];
        const list = missing.map((m) => quote(m, 40)).join(', ');
        const reason =
          wanted.length === 1
            ? `output does not contain ${list}`
            : mode === 'any'
              ? `output contains none of ${list}`
              : `output lacks ${missing.length} of ${wanted.length}: ${list}`;
        return [graded(metric, value, o.threshold, reason)];
      },
    };
  },
};
