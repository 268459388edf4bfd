/**
 * `evalgate gate --stage N (--metrics FILE | --load RUN)`: one step of a canary rollout. The figures come from a
 * live-metrics JSON (src/gate/live-metrics.ts) or a stored load run (its whole-run figures; the baseline from
 * `--load-baseline`, else the newest promoted load run of the same profile when a ratio rule needs one).
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { displayPathOf } from '../../config/suite-files.ts';
import { EvalgateError } from '../../core/errors.ts';
import {
  DEFAULT_CANARY_RULES,
  evaluateCanaryStage,
  type GatePolicy,
  liveSide,
  parseLiveMetrics,
  type StageSide,
  type Verdict,
} from '../../gate/index.ts';
import { loadFigure } from '../../load/gate.ts';
import { GATE_METRICS } from '../../load/profile.ts';
import { fromLoadRunRecord } from '../../load/record.ts';
import { summarizeLoadRun } from '../../load/summary.ts';
import type { DuckDbStore, LoadRunRecord } from '../../store/index.ts';
import { resolveLoadRun } from './load-gate-args.ts';

/** `--stage` as a number in (0, 100]; a one-line USAGE error otherwise. */
export function parseStage(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 100)
    throw new EvalgateError('USAGE', `--stage expects a percentage in (0, 100], got "${text}"`);
  return n;
}

/** Judges a stage from a live-metrics JSON file. */
export async function stageFromMetrics(
  policy: GatePolicy | undefined,
  stage: number,
  file: string,
): Promise<Verdict> {
  const display = displayPathOf(resolve(file));
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EvalgateError('USAGE', 'live metrics file not found', display);
  }
  const live = parseLiveMetrics(text, display);
  if (live.stage !== undefined && live.stage !== stage)
    throw new EvalgateError(
      'USAGE',
      `stage: the file is for stage ${live.stage}, not --stage ${stage}`,
      display,
    );
  return evaluateCanaryStage(policy?.canary, {
    runId: `metrics:${display}`,
    candidate: policy?.candidate ?? 'candidate',
    stage,
    current: liveSide(live.candidate),
    baseline: liveSide(live.baseline),
    baselineLabel: 'baseline',
  });
}

/** Judges a stage from a stored load run (and a baseline load run). */
export async function stageFromLoad(
  store: DuckDbStore,
  policy: GatePolicy | undefined,
  stage: number,
  loadArg: string,
  baselineArg: string | undefined,
): Promise<Verdict> {
  const rec = await resolveLoadRun(store, loadArg);
  const rules = policy?.canary?.rules ?? DEFAULT_CANARY_RULES;
  const needsBase = rules.some((r) => r.maxRatio !== undefined);
  let base: LoadRunRecord | undefined;
  if (baselineArg) base = await resolveLoadRun(store, baselineArg, rec.profileName, rec.runId);
  else if (needsBase)
    base = await store.latestLoadRun(rec.profileName, { promotedOnly: true, excludeRunId: rec.runId });
  if (base?.runId === rec.runId)
    throw new EvalgateError('USAGE', `--load-baseline ${baselineArg} is the load run itself (${rec.runId})`);
  return evaluateCanaryStage(policy?.canary, {
    runId: rec.runId,
    candidate: policy?.candidate ?? rec.profileName,
    stage,
    current: loadSide(rec),
    ...(base ? { baseline: loadSide(base), baselineLabel: base.runId } : {}),
  });
}

/** A load run's whole-run figures as a stage side (error_rate, throttle_rate, p50_ms … ttft_p99_ms). */
export function loadSide(rec: LoadRunRecord): StageSide {
  const summary = summarizeLoadRun(fromLoadRunRecord(rec));
  const figures: Record<string, number | null> = { requests: summary.total.requests };
  for (const m of GATE_METRICS) figures[m] = loadFigure(summary, m);
  return { requests: summary.total.requests, figures };
}
