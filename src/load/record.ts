/** Converts a load run to the store's plain record (encoded histograms, JSON figures) and back. */
import type { LoadRunRecord, LoadStepRecord } from '../store/load.ts';
import { decodeHistogram, encodeHistogram } from './histogram.ts';
import type { LoadGateRule } from './profile.ts';
import { type LoadSummary, summarizeLoadRun } from './summary.ts';
import type { LoadRunResult, StepHistograms, StepResult, StepSpec } from './types.ts';

/** The record `DuckDbStore.saveLoadRun` takes; the summary is computed when not given. */
export function toLoadRunRecord(
  run: LoadRunResult,
  opts: { backend?: string; summary?: LoadSummary; gateRules?: readonly LoadGateRule[] } = {},
): LoadRunRecord {
  const summary = opts.summary ?? summarizeLoadRun(run);
  const t = summary.total;
  const steps = run.steps.map((step, i): LoadStepRecord => {
    const s = summary.steps[i];
    const h = step.histograms;
    return {
      label: step.spec.label,
      mode: step.spec.mode,
      ...(step.spec.concurrency === undefined ? {} : { concurrency: step.spec.concurrency }),
      ...(step.spec.ratePerSec === undefined ? {} : { ratePerSec: step.spec.ratePerSec }),
      spec: { ...step.spec },
      elapsedMs: step.elapsedMs,
      requests: step.requests,
      ok: step.ok,
      throttled: step.throttled,
      timeouts: step.timeouts,
      outputTokens: step.outputTokens,
      requestsPerSec: s?.requestsPerSec ?? 0,
      okPerSec: s?.okPerSec ?? 0,
      p50Ms: s?.latency.p50 ?? null,
      p99Ms: s?.latency.p99 ?? null,
      errorsByClass: { ...step.errorsByClass },
      figures: { ...(s ?? {}) },
      histograms: {
        latencyUs: encodeHistogram(h.latencyUs),
        ...(h.ttftUs ? { ttftUs: encodeHistogram(h.ttftUs) } : {}),
        ...(h.itlUs ? { itlUs: encodeHistogram(h.itlUs) } : {}),
        ...(h.tpotUs ? { tpotUs: encodeHistogram(h.tpotUs) } : {}),
      },
    };
  });
  return {
    runId: run.runId,
    profileName: run.profileName,
    profileFile: run.profileFile,
    target: { ...run.target },
    ...(opts.backend === undefined ? {} : { backend: opts.backend }),
    ...(run.sloP99Ms === undefined ? {} : { sloP99Ms: run.sloP99Ms }),
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    requests: t.requests,
    ok: t.ok,
    errorRate: t.errorRate,
    p99Ms: t.latency.p99,
    ...(summary.knee ? { kneeStep: summary.knee.label } : {}),
    counts: {
      requests: t.requests,
      ok: t.ok,
      failed: t.failed,
      throttled: t.throttled,
      timeouts: t.timeouts,
      outputTokens: _sum(run.steps, (s) => s.outputTokens),
    },
    errorsByClass: { ...t.errorsByClass },
    figures: {
      total: t,
      knee: summary.knee,
      ...(run.sloP99Ms === undefined ? {} : { sloP99Ms: run.sloP99Ms }),
      ...(opts.gateRules ? { gateRules: [...opts.gateRules] } : {}),
    },
    steps,
  };
}

/** A stored load run back as a LoadRunResult (histograms decoded), ready for `summarizeLoadRun`. */
export function fromLoadRunRecord(rec: LoadRunRecord): LoadRunResult {
  return {
    runId: rec.runId,
    profileName: rec.profileName,
    profileFile: rec.profileFile,
    target: { ...rec.target },
    ...(rec.sloP99Ms === undefined ? {} : { sloP99Ms: rec.sloP99Ms }),
    startedAt: rec.startedAt,
    finishedAt: rec.finishedAt,
    steps: rec.steps.map(_stepOf),
  };
}

function _stepOf(s: LoadStepRecord): StepResult {
  const h = s.histograms;
  const histograms: StepHistograms = { latencyUs: decodeHistogram(h.latencyUs) };
  if (h.ttftUs) histograms.ttftUs = decodeHistogram(h.ttftUs);
  if (h.itlUs) histograms.itlUs = decodeHistogram(h.itlUs);
  if (h.tpotUs) histograms.tpotUs = decodeHistogram(h.tpotUs);
  return {
    spec: s.spec as unknown as StepSpec,
    elapsedMs: s.elapsedMs,
    requests: s.requests,
    ok: s.ok,
    throttled: s.throttled,
    timeouts: s.timeouts,
    errorsByClass: { ...s.errorsByClass },
    outputTokens: s.outputTokens,
    histograms,
  };
}

function _sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0);
}

/** The profile's gate rules as stored with the run (empty when the profile had none). */
export function storedGateRules(rec: LoadRunRecord): LoadGateRule[] {
  const rules = rec.figures.gateRules;
  return Array.isArray(rules) ? (rules as LoadGateRule[]) : [];
}
