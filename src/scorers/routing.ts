/**
 * `routing`: did a routed candidate (api router) send the case to its labelled tier? `routing_accuracy` = 1 when
 * `response.raw.route.tier` equals the case's tier label (the dataset column `field`, default `tier`; compared
 * trimmed and case-insensitively), else 0. No score when the response was not routed (other candidates) or the
 * case has no label; details carry `predicted`, `expected` and how the case was routed (`by`).
 */
import { z } from 'zod';
import { asText, graded, nameField, thresholdField } from './_shared.ts';
import type { ScorerDefinition } from './types.ts';

const optionsSchema = z
  .strictObject({
    type: z.literal('routing'),
    name: nameField.optional(),
    threshold: thresholdField.optional(),
    field: z
      .string()
      .min(1)
      .optional()
      .describe("Dataset column with the case's true tier (default `tier`)."),
  })
  .describe('Routed candidates: 1 when the case went to its labelled tier, else 0 (routing_accuracy).');

export type RoutingOptions = z.infer<typeof optionsSchema>;

/** The route a router target reported in `raw.route`, when it has one. */
export function routeOf(raw: unknown): { tier: string; by?: string; model?: string } | undefined {
  const route = (raw as { route?: { tier?: unknown; by?: unknown; model?: unknown } } | null | undefined)
    ?.route;
  if (typeof route?.tier !== 'string') return undefined;
  return {
    tier: route.tier,
    ...(typeof route.by === 'string' ? { by: route.by } : {}),
    ...(typeof route.model === 'string' ? { model: route.model } : {}),
  };
}

export const routingScorer: ScorerDefinition<RoutingOptions> = {
  grades: 'any',
  type: 'routing',
  description: 'Routing accuracy of api router candidates against the tier label column (routing_accuracy).',
  optionsSchema,
  metrics: (o) => [o.name ?? 'routing_accuracy'],
  create(o) {
    const metric = o.name ?? 'routing_accuracy';
    const field = o.field ?? 'tier';
    return {
      name: metric,
      type: 'routing',
      score(evalCase, response) {
        const route = routeOf(response.raw);
        const expected = asText(evalCase.vars[field])?.trim();
        if (!route || !expected) return [];
        const hit = route.tier.trim().toLowerCase() === expected.toLowerCase();
        const reason = hit ? undefined : `routed to "${route.tier}", labelled "${expected}"`;
        const score = graded(metric, hit ? 1 : 0, o.threshold, reason);
        return [
          { ...score, details: { predicted: route.tier, expected, ...(route.by ? { by: route.by } : {}) } },
        ];
      },
    };
  },
};
