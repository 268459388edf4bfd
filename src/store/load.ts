/**
 * Reading and writing the `load_runs` and `load_steps` tables (migration 6). The store knows plain records only:
 * histograms arrive already encoded (HdrHistogram compressed base64) and figures as JSON-able objects, so the
 * store does not import the load module (src/load/record.ts converts both ways).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { toTimestamp } from './rows.ts';
import { toSafeJson } from './sanitize.ts';

type Row = Record<string, unknown>;

export interface LoadStepRecord {
  label: string;
  mode: 'closed' | 'open';
  concurrency?: number;
  ratePerSec?: number;
  /** The step as the profile asked for it (StepSpec). */
  spec: Record<string, unknown>;
  elapsedMs: number;
  requests: number;
  ok: number;
  throttled: number;
  timeouts: number;
  outputTokens: number;
  requestsPerSec: number;
  okPerSec: number;
  p50Ms: number | null;
  p99Ms: number | null;
  errorsByClass: Record<string, number>;
  /** The step's summary figures (StepSummary). */
  figures: Record<string, unknown>;
  /** Encoded histograms (microseconds). */
  histograms: { latencyUs: string; ttftUs?: string; itlUs?: string; tpotUs?: string };
}

export interface LoadRunRecord {
  runId: string;
  profileName: string;
  profileFile: string;
  target: { kind: string; id: string; url?: string };
  /** `local` or `aws` (free text). */
  backend?: string;
  sloP99Ms?: number;
  startedAt: Date;
  finishedAt: Date;
  requests: number;
  ok: number;
  errorRate: number;
  /** p99 latency over every step (merged histograms), ms. */
  p99Ms: number | null;
  /** Label of the saturation knee step. */
  kneeStep?: string;
  counts: Record<string, number>;
  errorsByClass: Record<string, number>;
  /** The run's summary figures (total and knee). */
  figures: Record<string, unknown>;
  /** In profile order. */
  steps: LoadStepRecord[];
}

/** Inserts one load run and its steps (call inside a transaction); an existing run id is replaced. */
export async function writeLoadRun(c: DuckDBConnection, r: LoadRunRecord): Promise<void> {
  await c.run('DELETE FROM load_steps WHERE run_id = $1', [r.runId]);
  await c.run('DELETE FROM load_runs WHERE run_id = $1', [r.runId]);
  await c.run(
    `INSERT INTO load_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
       $16::JSON, $17::JSON, $18::JSON)`,
    [
      r.runId,
      r.profileName,
      r.profileFile,
      r.target.kind,
      r.target.id,
      r.target.url ?? null,
      r.backend ?? null,
      r.sloP99Ms ?? null,
      toTimestamp(r.startedAt),
      toTimestamp(r.finishedAt),
      r.requests,
      r.ok,
      r.errorRate,
      _num(r.p99Ms),
      r.kneeStep ?? null,
      toSafeJson(r.counts),
      toSafeJson(r.errorsByClass),
      toSafeJson(r.figures),
    ],
  );
  for (const [i, s] of r.steps.entries()) {
    await c.run(
      `INSERT INTO load_steps VALUES ($1, $2, $3, $4, $5, $6, $7::JSON, $8, $9, $10, $11, $12, $13, $14, $15, $16,
         $17, $18::JSON, $19::JSON, $20, $21, $22, $23)`,
      [
        r.runId,
        i,
        s.label,
        s.mode,
        s.concurrency ?? null,
        s.ratePerSec ?? null,
        toSafeJson(s.spec),
        s.elapsedMs,
        s.requests,
        s.ok,
        s.throttled,
        s.timeouts,
        s.outputTokens,
        s.requestsPerSec,
        s.okPerSec,
        _num(s.p50Ms),
        _num(s.p99Ms),
        toSafeJson(s.errorsByClass),
        toSafeJson(s.figures),
        s.histograms.latencyUs,
        s.histograms.ttftUs ?? null,
        s.histograms.itlUs ?? null,
        s.histograms.tpotUs ?? null,
      ],
    );
  }
}

/** The run and its steps; undefined when the run id is unknown. */
export async function readLoadRun(c: DuckDBConnection, runId: string): Promise<LoadRunRecord | undefined> {
  const [r] = await _rows(c, `SELECT ${RUN_COLUMNS} FROM load_runs WHERE run_id = $1`, [runId]);
  if (!r) return undefined;
  const steps = await _rows(
    c,
    `SELECT * EXCLUDE (spec, errors_by_class, figures), spec::VARCHAR AS spec,
       errors_by_class::VARCHAR AS errors_by_class, figures::VARCHAR AS figures
     FROM load_steps WHERE run_id = $1 ORDER BY position`,
    [runId],
  );
  return _toRun(r, steps.map(_toStep));
}

/**
 * The id of the most recent load run (by start time) of a profile, or of any profile when `profileName` is
 * undefined; with `promotedOnly`, of the most recent one whose newest gate verdict is `promote`; never `excludeRunId`.
 */
export async function latestLoadRunId(
  c: DuckDBConnection,
  profileName: string | undefined,
  opts: { promotedOnly?: boolean; excludeRunId?: string } = {},
): Promise<string | undefined> {
  const where = ['l.run_id <> $1'];
  const params: string[] = [opts.excludeRunId ?? ''];
  if (profileName !== undefined) {
    params.push(profileName);
    where.push(`l.profile_name = $${params.length}`);
  }
  const promoted = opts.promotedOnly
    ? `JOIN (SELECT run_id, arg_max(decision, decided_at) AS decision FROM gate_verdicts GROUP BY run_id) v
         ON v.run_id = l.run_id AND v.decision = 'promote'`
    : '';
  const [row] = await _rows(
    c,
    `SELECT l.run_id FROM load_runs l ${promoted} WHERE ${where.join(' AND ')}
     ORDER BY l.started_at DESC, l.run_id DESC LIMIT 1`,
    params,
  );
  return row ? String(row.run_id) : undefined;
}

const RUN_COLUMNS = `* EXCLUDE (counts, errors_by_class, figures), counts::VARCHAR AS counts,
  errors_by_class::VARCHAR AS errors_by_class, figures::VARCHAR AS figures`;

function _toRun(r: Row, steps: LoadStepRecord[]): LoadRunRecord {
  const url = _optStr(r.target_url);
  const backend = _optStr(r.backend);
  const slo = _optNum(r.slo_p99_ms);
  const knee = _optStr(r.knee_step);
  return {
    runId: String(r.run_id),
    profileName: String(r.profile_name),
    profileFile: String(r.profile_file),
    target: { kind: String(r.target_kind), id: String(r.target_id), ...(url === undefined ? {} : { url }) },
    ...(backend === undefined ? {} : { backend }),
    ...(slo === undefined ? {} : { sloP99Ms: slo }),
    startedAt: r.started_at as Date,
    finishedAt: r.finished_at as Date,
    requests: Number(r.requests),
    ok: Number(r.ok),
    errorRate: Number(r.error_rate),
    p99Ms: _optNum(r.p99_ms) ?? null,
    ...(knee === undefined ? {} : { kneeStep: knee }),
    counts: JSON.parse(String(r.counts)),
    errorsByClass: JSON.parse(String(r.errors_by_class)),
    figures: JSON.parse(String(r.figures)),
    steps,
  };
}

function _toStep(r: Row): LoadStepRecord {
  const conc = _optNum(r.concurrency);
  const rate = _optNum(r.rate_per_sec);
  const hist = (k: string, v: unknown) => (typeof v === 'string' ? { [k]: v } : {});
  return {
    label: String(r.label),
    mode: String(r.mode) as LoadStepRecord['mode'],
    ...(conc === undefined ? {} : { concurrency: conc }),
    ...(rate === undefined ? {} : { ratePerSec: rate }),
    spec: JSON.parse(String(r.spec)),
    elapsedMs: Number(r.elapsed_ms),
    requests: Number(r.requests),
    ok: Number(r.ok),
    throttled: Number(r.throttled),
    timeouts: Number(r.timeouts),
    outputTokens: Number(r.output_tokens),
    requestsPerSec: Number(r.requests_per_sec),
    okPerSec: Number(r.ok_per_sec),
    p50Ms: _optNum(r.p50_ms) ?? null,
    p99Ms: _optNum(r.p99_ms) ?? null,
    errorsByClass: JSON.parse(String(r.errors_by_class)),
    figures: JSON.parse(String(r.figures)),
    histograms: {
      latencyUs: String(r.latency_hist),
      ...hist('ttftUs', r.ttft_hist),
      ...hist('itlUs', r.itl_hist),
      ...hist('tpotUs', r.tpot_hist),
    },
  };
}

function _num(x: number | null): number | null {
  return x === null || !Number.isFinite(x) ? null : x;
}

function _optNum(v: unknown): number | undefined {
  return v === null || v === undefined ? undefined : Number(v);
}

function _optStr(v: unknown): string | undefined {
  return v === null || v === undefined ? undefined : String(v);
}

async function _rows(c: DuckDBConnection, sql: string, params: (string | number)[]): Promise<Row[]> {
  const reader = await c.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Row[];
}
