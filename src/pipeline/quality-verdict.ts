/**
 * The quality part of `evalgate gate RUN`: resolves `--baseline RUN|latest|latest-promoted` to a stored run of the
 * same suite, reads the figures (and, for non-inferiority rules, pairs the cases), and hands them to the pure
 * `evaluateGate`.
 */
import { compareRunRows, readRunRows } from '../compare/index.ts';
import type { TargetComparison } from '../compare/types.ts';
import { EvalgateError } from '../core/errors.ts';
import { evaluateGate, type GateInput, type GatePolicy, type Verdict } from '../gate/index.ts';
import type { DuckDbStore } from '../store/index.ts';

/** The baseline run a `--baseline` argument names; throws a one-line error (exit 2) when there is none. */
export async function resolveBaselineRun(
  store: DuckDbStore,
  arg: string,
  candidateRunId: string,
): Promise<string> {
  const run = await store.getRun(candidateRunId);
  const suite = run?.suiteName ?? '';
  if (arg === 'latest' || arg === 'latest-promoted') {
    const promotedOnly = arg === 'latest-promoted';
    const id = await store.latestSuiteRun(suite, { excludeRunId: candidateRunId, promotedOnly });
    if (!id) {
      const what = promotedOnly ? 'promoted run' : 'other run';
      throw new EvalgateError('GATE', `--baseline ${arg}: no ${what} of suite "${suite}" in ${store.file}`);
    }
    return id;
  }
  if (arg === candidateRunId)
    throw new EvalgateError('USAGE', `--baseline ${arg} is the candidate run itself`);
  if (!(await store.getRun(arg)))
    throw new EvalgateError('GATE', `--baseline: no run ${arg} in ${store.file}`);
  return arg;
}

/** The quality verdict of `runId` under `policy`, against `baselineRunId` when given (seeded bootstrap). */
export async function qualityVerdict(
  store: DuckDbStore,
  runId: string,
  policy: GatePolicy,
  baselineRunId: string | undefined,
  seed: number,
): Promise<Verdict> {
  const input: GateInput = { runId, summaries: await store.metricSummary(runId) };
  let baselineTarget = policy.baseline;
  if (baselineRunId) {
    const base = await store.getRun(baselineRunId);
    const ids = base?.targets.map((t) => t.id) ?? [];
    baselineTarget = policy.baseline && ids.includes(policy.baseline) ? policy.baseline : policy.candidate;
    input.baseline = {
      runId: baselineRunId,
      summaries: await store.metricSummary(baselineRunId),
      targetId: baselineTarget,
    };
  }
  if (baselineTarget && policy.rules.some((r) => r.nonInferiority)) {
    input.comparison = await _pairCases(store, runId, baselineRunId ?? runId, baselineTarget, policy, seed);
  }
  return evaluateGate(policy, input);
}

async function _pairCases(
  store: DuckDbStore,
  runId: string,
  baselineRunId: string,
  baselineTarget: string,
  policy: GatePolicy,
  seed: number,
): Promise<TargetComparison | undefined> {
  const cand = await readRunRows(store, runId);
  const base = baselineRunId === runId ? cand : await readRunRows(store, baselineRunId);
  const cmp = compareRunRows(base, cand, {
    targets: [{ baseline: baselineTarget, candidate: policy.candidate }],
    seed,
  });
  return cmp.targets[0];
}
