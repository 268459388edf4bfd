/**
 * The live-metrics JSON that `evalgate gate --stage N --metrics FILE` judges: what a release pipeline measured on
 * the canary slice (candidate) and on the stable fleet (baseline) during one stage's wait.
 *
 * ```json
 * { "stage": 25,
 *   "candidate": { "requests": 2000, "errors": 4, "p50Ms": 110, "p99Ms": 420, "costPerRequest": 0.00031,
 *                  "quality": { "contains": 0.82 } },
 *   "baseline":  { "requests": 6000, "errors": 9, "p50Ms": 100, "p99Ms": 400, "costPerRequest": 0.0003 } }
 * ```
 * `stage` is optional (when given it must equal --stage); `errors` <= `requests`; the latency and cost fields and
 * `quality` are optional. Figures (canary rule metrics): `requests`, `error_rate` (errors / requests), `p50_ms`,
 * `p99_ms`, `cost_per_request`, and each quality metric by its name.
 */
import { z } from 'zod';
import { formatPath, suiteErrorMap } from '../config/issues.ts';
import { EvalgateError } from '../core/errors.ts';

const _n = z.number().min(0);

const SideSchema = z
  .strictObject({
    requests: z.number().int().min(0),
    errors: z.number().int().min(0),
    p50Ms: _n.optional(),
    p99Ms: _n.optional(),
    costPerRequest: _n.optional(),
    quality: z.record(z.string().min(1), z.number()).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.errors > s.requests)
      ctx.addIssue({
        code: 'custom',
        path: ['errors'],
        message: `expected at most requests (${s.requests}), got ${s.errors}`,
      });
  });

export const LiveMetricsSchema = z.strictObject({
  stage: z.number().gt(0).max(100).optional(),
  candidate: SideSchema,
  baseline: SideSchema,
});

export type LiveMetrics = z.output<typeof LiveMetricsSchema>;
export type LiveSide = z.output<typeof SideSchema>;

/** One side of a stage as the canary rules read it: how many requests, and each named figure (null: unknown). */
export interface StageSide {
  requests: number;
  figures: Record<string, number | null>;
}

/** Validates the JSON text; throws one line `FILE: path: what` (CONFIG_SCHEMA) on the first problem. */
export function parseLiveMetrics(text: string, displayFile: string): LiveMetrics {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    const why = ((err as Error).message.split('\n')[0] ?? '').trim();
    throw new EvalgateError('CONFIG_SCHEMA', `invalid JSON: ${why}`, displayFile);
  }
  const parsed = LiveMetricsSchema.safeParse(data, { error: suiteErrorMap });
  if (parsed.success) return parsed.data;
  const iss = parsed.error.issues[0];
  const path = (iss?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol');
  const shown = path.length === 0 ? '(live metrics)' : formatPath(path);
  throw new EvalgateError('CONFIG_SCHEMA', `${shown}: ${iss?.message ?? 'invalid'}`, displayFile);
}

/** The figures of one side of the live metrics. */
export function liveSide(s: LiveSide): StageSide {
  return {
    requests: s.requests,
    figures: {
      requests: s.requests,
      error_rate: s.requests > 0 ? s.errors / s.requests : null,
      p50_ms: s.p50Ms ?? null,
      p99_ms: s.p99Ms ?? null,
      cost_per_request: s.costPerRequest ?? null,
      ...(s.quality ?? {}),
    },
  };
}
