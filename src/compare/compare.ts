/**
 * Pairs two stored runs by (case id, repeat) for each target pair and compares them metric by metric: both
 * means, the paired difference with a seeded bootstrap interval, McNemar's test for pass/fail metrics, and the
 * cases that regressed or improved. Pure over the rows; `compareRuns` reads them from the store.
 */
import { EvalgateError } from '../core/errors.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { StoredScore } from '../store/types.ts';
import { type BootSettings, compareMetric } from './metric.ts';
import type { RunComparison, TargetComparison, TargetPair, UnpairedCases } from './types.ts';

export interface CompareOptions {
  /** Target pairs; default every target id present in both runs. */
  targets?: TargetPair[];
  /** Bootstrap seed (default 1), resamples (default 2,000) and level (default 0.95). */
  seed?: number;
  resamples?: number;
  level?: number;
  /** How many unpaired cases to name per side (default 20). */
  nameLimit?: number;
}

/** One stored run as the comparison needs it: the (case, target, repeat) rows it has, and their scores. */
export interface RunRows {
  runId: string;
  /** Target ids in suite order. */
  targetIds: string[];
  results: readonly { caseId: string; targetId: string; repeat: number }[];
  scores: readonly StoredScore[];
}

/** Which target selection the user gave (`--target`, `--baseline-target`, `--candidate-target`). */
export interface TargetSelection {
  target?: string;
  baselineTarget?: string;
  candidateTarget?: string;
}

/** Resolves the target pairs; throws a USAGE error naming the run that lacks a target. */
export function resolveTargets(base: RunRows, cand: RunRows, sel: TargetSelection = {}): TargetPair[] {
  const b = sel.baselineTarget ?? sel.target;
  const c = sel.candidateTarget ?? sel.target;
  if (b !== undefined || c !== undefined) {
    const baseline = b ?? c ?? '';
    const candidate = c ?? b ?? '';
    _requireTarget(base, baseline, 'baseline');
    _requireTarget(cand, candidate, 'candidate');
    return [{ baseline, candidate }];
  }
  const common = base.targetIds.filter((t) => cand.targetIds.includes(t));
  if (common.length === 0)
    throw new EvalgateError(
      'USAGE',
      `runs ${base.runId} and ${cand.runId} share no target id; name them with --baseline-target and --candidate-target`,
    );
  return common.map((t) => ({ baseline: t, candidate: t }));
}

function _requireTarget(run: RunRows, target: string, side: string): void {
  if (!run.targetIds.includes(target))
    throw new EvalgateError(
      'USAGE',
      `${side} run ${run.runId} has no target "${target}" (it has: ${run.targetIds.join(', ') || 'none'})`,
    );
}

/** Compares the candidate run with the baseline run (both already read). */
export function compareRunRows(base: RunRows, cand: RunRows, opts: CompareOptions = {}): RunComparison {
  const seed = opts.seed ?? 1;
  const resamples = opts.resamples ?? 2000;
  const level = opts.level ?? 0.95;
  const pairs = opts.targets ?? resolveTargets(base, cand);
  const targets = pairs.map((p) =>
    _compareTarget(base, cand, p, { seed, resamples, level }, opts.nameLimit ?? 20),
  );
  return { baselineRunId: base.runId, candidateRunId: cand.runId, seed, resamples, level, targets };
}

/** Reads both runs from the store and compares them; a missing run is a USAGE error. */
export async function compareRuns(
  store: DuckDbStore,
  baselineRunId: string,
  candidateRunId: string,
  opts: CompareOptions & TargetSelection = {},
): Promise<RunComparison> {
  const base = await readRunRows(store, baselineRunId);
  const cand = await readRunRows(store, candidateRunId);
  const targets = opts.targets ?? resolveTargets(base, cand, opts);
  return compareRunRows(base, cand, { ...opts, targets });
}

export async function readRunRows(store: DuckDbStore, runId: string): Promise<RunRows> {
  const run = await store.getRun(runId);
  if (!run) throw new EvalgateError('USAGE', `no run ${runId} in ${store.file}`);
  const results = await store.listResults(runId);
  const targetIds = run.targets.map((t) => t.id);
  for (const r of results) if (!targetIds.includes(r.targetId)) targetIds.push(r.targetId);
  return { runId, targetIds, results, scores: await store.listScores(runId) };
}

const _key = (caseId: string, repeat: number) => `${caseId}\u0000${repeat}`;
const _name = (caseId: string, repeat: number) => (repeat === 0 ? caseId : `${caseId}#${repeat}`);

function _compareTarget(
  base: RunRows,
  cand: RunRows,
  pair: TargetPair,
  boot: BootSettings,
  nameLimit: number,
): TargetComparison {
  const baseKeys = _keysOf(base, pair.baseline);
  const candKeys = _keysOf(cand, pair.candidate);
  const baseScores = _scoresOf(base, pair.baseline);
  const candScores = _scoresOf(cand, pair.candidate);
  const metrics = [...new Set([...baseScores.keys(), ...candScores.keys()])].sort();
  return {
    baselineTarget: pair.baseline,
    candidateTarget: pair.candidate,
    paired: [...baseKeys.keys()].filter((k) => candKeys.has(k)).length,
    baselineOnly: _unpaired(baseKeys, candKeys, nameLimit),
    candidateOnly: _unpaired(candKeys, baseKeys, nameLimit),
    metrics: metrics.map((m) =>
      compareMetric(m, baseScores.get(m) ?? new Map(), candScores.get(m) ?? new Map(), boot),
    ),
  };
}

/** key → display name, in case order. */
function _keysOf(run: RunRows, targetId: string): Map<string, string> {
  const keys = new Map<string, string>();
  const add = (caseId: string, repeat: number) => keys.set(_key(caseId, repeat), _name(caseId, repeat));
  for (const r of run.results) if (r.targetId === targetId) add(r.caseId, r.repeat);
  for (const s of run.scores) if (s.targetId === targetId) add(s.caseId, s.repeat);
  return keys;
}

/** metric → key → score. */
function _scoresOf(run: RunRows, targetId: string): Map<string, Map<string, StoredScore>> {
  const out = new Map<string, Map<string, StoredScore>>();
  for (const s of run.scores) {
    if (s.targetId !== targetId) continue;
    const byKey = out.get(s.metric) ?? new Map<string, StoredScore>();
    out.set(s.metric, byKey);
    byKey.set(_key(s.caseId, s.repeat), s);
  }
  return out;
}

function _unpaired(mine: Map<string, string>, theirs: Map<string, string>, limit: number): UnpairedCases {
  const names = [...mine.entries()]
    .filter(([k]) => !theirs.has(k))
    .map(([k, name]) => ({ k, name }))
    .sort((a, b) => _cmpKey(a.k, b.k))
    .map((x) => x.name);
  return { count: names.length, names: names.slice(0, limit) };
}

function _cmpKey(a: string, b: string): number {
  const [ac = '', ar = '0'] = a.split('\u0000');
  const [bc = '', br = '0'] = b.split('\u0000');
  return ac < bc ? -1 : ac > bc ? 1 : Number(ar) - Number(br);
}
