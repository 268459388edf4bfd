/**
 * A stored run as `selectCandidates` reads it: one candidate per target (suite order, with the sweep / prompt
 * matrix facts of its config), one row per (case, repeat) with its scores, its latency (answered calls, from the
 * result as the metric summary takes it) and whether it failed; the tier of a case from its `vars`.
 */
import { EvalgateError } from '../core/errors.ts';
import type { DuckDbStore } from '../store/store.ts';
import type { RunRecord, StoredCaseResult, StoredScore } from '../store/types.ts';
import type { CandidateInput, CaseValues, SelectInput } from './types.ts';
import { caseKey } from './values.ts';

export interface ReadSelectOptions {
  /** Dataset column holding each case's tier. */
  tierColumn?: string;
}

type RunFacts = Pick<RunRecord, 'runId' | 'targets' | 'config'>;

interface _TargetFacts {
  sweepOf?: string;
  params?: Record<string, unknown>;
  promptVersion?: string;
}

/** Expanded targets' facts (sweeps, prompt matrix) from the stored suite config, by target id. */
function _targetFacts(config: unknown): Map<string, _TargetFacts> {
  const out = new Map<string, _TargetFacts>();
  const targets = (config as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(targets)) return out;
  for (const t of targets as Record<string, unknown>[]) {
    if (typeof t?.id !== 'string') continue;
    const f: _TargetFacts = {};
    if (typeof t.sweepOf === 'string') f.sweepOf = t.sweepOf;
    if (t.params && typeof t.params === 'object') f.params = t.params as Record<string, unknown>;
    if (typeof t.promptVersion === 'string') f.promptVersion = t.promptVersion;
    out.set(t.id, f);
  }
  return out;
}

/** Pure: the selection input of a run from its results and scores. */
export function toSelectInput(
  run: RunFacts,
  results: readonly StoredCaseResult[],
  scores: readonly StoredScore[],
  opts: ReadSelectOptions = {},
): SelectInput {
  const facts = _targetFacts(run.config);
  const byTarget = new Map<string, CandidateInput>();
  const rows = new Map<string, CaseValues>();
  const add = (id: string, modelId: string | null) => {
    let c = byTarget.get(id);
    if (!c) {
      c = { targetId: id, modelId, ...facts.get(id), cases: [] };
      byTarget.set(id, c);
    }
    return c;
  };
  for (const t of run.targets ?? []) add(t.id, t.modelId);
  const tiers: Record<string, string> = {};
  for (const r of results) {
    const c = add(r.targetId, r.modelId);
    const row: CaseValues = { caseId: r.caseId, repeat: r.repeat, error: r.status === 'error', values: {} };
    c.cases.push(row);
    rows.set(`${r.targetId}\u0000${caseKey(r.caseId, r.repeat)}`, row);
    if (opts.tierColumn !== undefined) {
      const tier = r.vars?.[opts.tierColumn];
      if (tier !== undefined && tier !== null && String(tier) !== '') tiers[r.caseId] = String(tier);
    }
  }
  for (const s of scores) {
    const row = rows.get(`${s.targetId}\u0000${caseKey(s.caseId, s.repeat)}`);
    if (row && Number.isFinite(s.value)) row.values[s.metric] = s.value;
  }
  for (const r of results) {
    if (r.status !== 'ok' || r.latencyMs === null || !Number.isFinite(r.latencyMs)) continue;
    const row = rows.get(`${r.targetId}\u0000${caseKey(r.caseId, r.repeat)}`);
    if (row) row.values.latency_ms = r.latencyMs;
  }
  if (opts.tierColumn !== undefined && results.length > 0 && Object.keys(tiers).length === 0)
    throw new EvalgateError(
      'USAGE',
      `run ${run.runId}: no case has a "${opts.tierColumn}" value (the tier column of the dataset)`,
    );
  const candidates = [...byTarget.values()].filter((c) => c.cases.length > 0);
  return opts.tierColumn === undefined ? { candidates } : { candidates, tiers };
}

/** Reads the run (USAGE error when it is missing) and builds its selection input. */
export async function readSelectInput(
  store: Pick<DuckDbStore, 'getRun' | 'reportRows'>,
  runId: string,
  opts: ReadSelectOptions = {},
): Promise<{ run: RunRecord; input: SelectInput }> {
  const run = await store.getRun(runId);
  if (!run) throw new EvalgateError('USAGE', `no run ${runId} in the store`);
  const { results, scores } = await store.reportRows(runId);
  return { run, input: toSelectInput(run, results, scores, opts) };
}
