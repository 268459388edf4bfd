import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EvalgateError } from '../core/errors.ts';
import type { CaseResult, TargetResponse } from '../core/types.ts';
import { DUCKDB_OPTIONS, isDuplicateKeyError, writeCacheRows, writeResultRows } from './batch.ts';
import { countCacheEntries, findCachedKeys, readCacheEntries } from './cache-table.ts';
import { toCalibrationItem, toCalibrationRecord, writeCalibration } from './calibrations.ts';
import { type LoadRunRecord, latestLoadRunId, readLoadRun, writeLoadRun } from './load.ts';
import { migrate } from './migrations.ts';
import { type ReportRows, readReportRows } from './report-rows.ts';
import { dedupeBatch, resultKey, toRunRecord, toStoredResult, toStoredScore, toTimestamp } from './rows.ts';
import { writeRunStart } from './run-start.ts';
import { toSafeJson } from './sanitize.ts';
import { latestSuiteRunId } from './suite-runs.ts';
import { computeMetricSummary } from './summary.ts';
import { queryTrend, type TrendQuery, type TrendResult } from './trend.ts';
import type {
  AppendOutcome,
  CacheScope,
  CalibrationItemRecord,
  CalibrationRecord,
  ResponseCacheEntry,
  RunInfo,
  RunRecord,
  RunStatus,
  StoredCaseResult,
  StoredRunCounts,
  StoredScore,
  TargetMetricSummary,
  Verdict,
} from './types.ts';

type Row = Record<string, unknown>;

/**
 * One DuckDB file per project. Writes are idempotent by (run, case, target, repeat): FIRST WRITE WINS — a result
 * whose key is already stored (or repeated within a batch) is skipped together with its scores, so a resumed
 * run adds nothing twice and never mixes scores of two attempts. DuckDB allows one writing process; all calls on
 * one store are serialised.
 */
export class DuckDbStore {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  /** Opens (creating if needed) the file and applies pending migrations. Use `openStore`. */
  static async open(file: string): Promise<DuckDbStore> {
    let instance: DuckDBInstance;
    try {
      if (file !== ':memory:') await mkdir(dirname(file), { recursive: true });
      instance = await DuckDBInstance.create(file, DUCKDB_OPTIONS);
    } catch (err) {
      throw new EvalgateError('STORE', `cannot open DuckDB file: ${(err as Error).message}`, file);
    }
    const conn = await instance.connect();
    try {
      await conn.run("SET TimeZone = 'UTC'");
      await migrate(conn, file);
    } catch (err) {
      conn.closeSync();
      instance.closeSync();
      if (err instanceof EvalgateError) throw err;
      throw new EvalgateError('STORE', (err as Error).message, file);
    }
    return new DuckDbStore(file, instance, conn);
  }

  /** Records a run as `running`. Calling it again for an existing run (resume) marks it running and keeps its data. */
  beginRun(info: RunInfo): Promise<void> {
    return this._serial(() => this._tx(() => writeRunStart(this.conn, info)));
  }

  /** Writes a batch in one transaction (see `writeBatch`). */
  async appendResults(
    results: readonly CaseResult[],
    cacheEntries: readonly ResponseCacheEntry[] = [],
  ): Promise<void> {
    await this.writeBatch(results, cacheEntries);
  }

  /**
   * Writes a batch in one transaction; returns how many results were new and how many were skipped as duplicates.
   * Cache entries of the batch's responses go in the same transaction, so a crash never leaves a cached response
   * whose result was lost.
   */
  writeBatch(
    results: readonly CaseResult[],
    cacheEntries: readonly ResponseCacheEntry[] = [],
  ): Promise<AppendOutcome> {
    return this._serial(async () => {
      if (results.length === 0 && cacheEntries.length === 0) return { inserted: 0, skipped: 0 };
      const batch = dedupeBatch(results);
      const write = (checked: boolean) =>
        this._tx(async () => {
          const n = batch.length > 0 ? await writeResultRows(this.conn, batch, checked) : 0;
          await writeCacheRows(this.conn, cacheEntries, checked);
          return n;
        });
      // unchecked first (no scan of what is stored); a key already stored fails it, and the batch is written again
      // checked (see writeResultRows)
      const inserted = await write(false).catch((err: unknown) => {
        if (isDuplicateKeyError(err)) return write(true);
        throw err;
      });
      return { inserted, skipped: results.length - inserted };
    });
  }

  /**
   * Deletes the run's error rows (and any scores under their keys) so a resumed run retries them; returns how many
   * were deleted per error class.
   */
  deleteErrorResults(runId: string): Promise<Record<string, number>> {
    return this._serial(() =>
      this._tx(async () => {
        const rows = await this._rows(
          `SELECT coalesce(error_class, 'Error') AS cls, count(*)::INTEGER AS n FROM case_results
           WHERE run_id = $1 AND status = 'error' GROUP BY 1 ORDER BY 1`,
          [runId],
        );
        await this.conn.run(
          `DELETE FROM scores s WHERE s.run_id = $1 AND EXISTS (SELECT 1 FROM case_results x WHERE x.run_id = s.run_id
             AND x.case_id = s.case_id AND x.target_id = s.target_id AND x.repeat = s.repeat AND x.status = 'error')`,
          [runId],
        );
        await this.conn.run(`DELETE FROM case_results WHERE run_id = $1 AND status = 'error'`, [runId]);
        return Object.fromEntries(rows.map((r) => [String(r.cls), Number(r.n)]));
      }),
    );
  }

  /** The cached responses of several keys in one query; keys without an entry are absent. */
  cachedResponses(
    keys: readonly string[],
  ): Promise<Map<string, { response: TargetResponse; runId: string | null }>> {
    return this._serial(() => readCacheEntries(this.conn, keys));
  }

  /** How many cached responses one backend kind, target kind and model has. */
  cacheEntryCount(scope: CacheScope): Promise<number> {
    return this._serial(() => countCacheEntries(this.conn, scope));
  }

  /** Which of the keys have a cached response. */
  cachedKeys(keys: readonly string[]): Promise<Set<string>> {
    return this._serial(() => findCachedKeys(this.conn, keys));
  }

  finishRun(runId: string, status: Exclude<RunStatus, 'running'>, counts: StoredRunCounts): Promise<void> {
    return this._serial(async () => {
      const res = await this.conn.runAndReadAll(
        `UPDATE runs SET status = $2, finished_at = $3, counts = $4::JSON WHERE run_id = $1 RETURNING run_id`,
        [runId, status, toTimestamp(new Date()), toSafeJson(counts)],
      );
      if (res.currentRowCount === 0)
        throw new EvalgateError('STORE', `finishRun: no run "${runId}"`, this.file);
    });
  }

  /** Keys (`caseId\0targetId\0repeat`) already stored for the run (only ok rows with `okOnly`). */
  completedKeys(runId: string, okOnly = false): Promise<Set<string>> {
    return this._serial(async () => {
      const rows = await this._rows(
        `SELECT case_id, target_id, repeat FROM case_results WHERE run_id = $1${okOnly ? " AND status = 'ok'" : ''}`,
        [runId],
      );
      return new Set(rows.map((r) => resultKey(String(r.case_id), String(r.target_id), Number(r.repeat))));
    });
  }

  getRun(runId: string): Promise<RunRecord | undefined> {
    return this._serial(async () => {
      const [r] = await this._rows('SELECT * FROM runs WHERE run_id = $1', [runId]);
      if (!r) return undefined;
      const targets = await this._rows(
        'SELECT target_id, model_id, kind, prompt_version FROM run_targets WHERE run_id = $1 ORDER BY position',
        [runId],
      );
      return toRunRecord(r, targets);
    });
  }

  /** The most recently started run (of one suite, when named). */
  latestRunId(suiteName?: string): Promise<string | undefined> {
    return this._serial(async () => {
      const rows = suiteName
        ? await this._rows(
            'SELECT run_id FROM runs WHERE suite_name = $1 ORDER BY started_at DESC, run_id DESC LIMIT 1',
            [suiteName],
          )
        : await this._rows('SELECT run_id FROM runs ORDER BY started_at DESC, run_id DESC LIMIT 1', []);
      return rows[0] ? String(rows[0].run_id) : undefined;
    });
  }

  /** The suite's newest run other than `excludeRunId` (`promotedOnly`: whose newest verdict is `promote`). */
  latestSuiteRun(
    suiteName: string,
    opts: { excludeRunId?: string; promotedOnly?: boolean } = {},
  ): Promise<string | undefined> {
    return this._serial(() => latestSuiteRunId(this.conn, suiteName, opts));
  }

  /** Result rows ordered by case id, target (suite order), repeat. */
  listResults(runId: string): Promise<StoredCaseResult[]> {
    return this._serial(async () => {
      const rows = await this._rows(
        `SELECT c.* FROM case_results c LEFT JOIN run_targets t ON t.run_id = c.run_id AND t.target_id = c.target_id
         WHERE c.run_id = $1 ORDER BY c.case_id, t.position NULLS LAST, c.target_id, c.repeat`,
        [runId],
      );
      return rows.map(toStoredResult);
    });
  }

  /** The report's read of a run's results and scores (see report-rows.ts). */
  reportRows(runId: string): Promise<ReportRows> {
    return this._serial(() => readReportRows(this.conn, runId));
  }

  listScores(runId: string): Promise<StoredScore[]> {
    return this._serial(async () => {
      const rows = await this._rows(
        'SELECT * FROM scores WHERE run_id = $1 ORDER BY case_id, target_id, repeat, metric',
        [runId],
      );
      return rows.map(toStoredScore);
    });
  }

  /** Appends a verdict (a run may be gated more than once; the newest is the one that counts). */
  saveVerdict<V extends { decision: string }>(
    runId: string,
    verdict: V,
    decidedAt = new Date(),
  ): Promise<void> {
    return this._serial(async () => {
      await this.conn.run('INSERT INTO gate_verdicts VALUES ($1, $2, $3, $4::JSON)', [
        runId,
        toTimestamp(decidedAt),
        verdict.decision,
        toSafeJson(verdict),
      ]);
    });
  }

  /** The newest saved verdict of the run. */
  getVerdict(runId: string): Promise<Verdict | undefined> {
    return this._serial(async () => {
      const [row] = await this._rows(
        'SELECT verdict::VARCHAR AS v FROM gate_verdicts WHERE run_id = $1 ORDER BY decided_at DESC LIMIT 1',
        [runId],
      );
      return row ? (JSON.parse(String(row.v)) as Verdict) : undefined;
    });
  }

  /** Stores a calibration and its items in one transaction (an existing calibration id is replaced). */
  saveCalibration(record: CalibrationRecord, items: readonly CalibrationItemRecord[]): Promise<void> {
    return this._serial(() => this._tx(() => writeCalibration(this.conn, record, items)));
  }

  getCalibration(calibrationId: string): Promise<CalibrationRecord | undefined> {
    return this._serial(async () => {
      const [r] = await this._rows('SELECT * FROM calibrations WHERE calibration_id = $1', [calibrationId]);
      return r ? toCalibrationRecord(r) : undefined;
    });
  }

  /** The calibration's items in label-file order. */
  listCalibrationItems(calibrationId: string): Promise<CalibrationItemRecord[]> {
    return this._serial(async () => {
      const rows = await this._rows(
        'SELECT * FROM calibration_items WHERE calibration_id = $1 ORDER BY position',
        [calibrationId],
      );
      return rows.map(toCalibrationItem);
    });
  }

  /** Stores a load run and its steps in one transaction (an existing run id is replaced). */
  saveLoadRun(record: LoadRunRecord): Promise<void> {
    return this._serial(() => this._tx(() => writeLoadRun(this.conn, record)));
  }

  getLoadRun(runId: string): Promise<LoadRunRecord | undefined> {
    return this._serial(() => readLoadRun(this.conn, runId));
  }

  /** The profile's newest load run (any profile's when undefined; `promotedOnly`: newest verdict `promote`). */
  latestLoadRun(
    profileName: string | undefined,
    opts: { promotedOnly?: boolean; excludeRunId?: string } = {},
  ): Promise<LoadRunRecord | undefined> {
    return this._serial(async () => {
      const id = await latestLoadRunId(this.conn, profileName, opts);
      return id === undefined ? undefined : readLoadRun(this.conn, id);
    });
  }

  metricSummary(runId: string): Promise<TargetMetricSummary[]> {
    return this._serial(() => computeMetricSummary(this.conn, runId));
  }

  /** One metric of a suite over its runs, oldest first (see trend.ts). */
  trend(q: TrendQuery): Promise<TrendResult> {
    return this._serial(() => queryTrend(this.conn, q));
  }

  /** Whole-store operations of src/store (Parquet export, shard merge) on the connection, in the store's queue. */
  withConnection<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    return this._serial(() => fn(this.conn));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.catch(() => undefined);
    this.conn.closeSync();
    this.instance.closeSync();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private _serial<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new EvalgateError('STORE', 'store is closed', this.file));
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next.catch((err: unknown) => {
      if (err instanceof EvalgateError) throw err;
      throw new EvalgateError('STORE', (err as Error).message, this.file);
    });
  }

  private async _tx<T>(fn: () => Promise<T>): Promise<T> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const out = await fn();
      await this.conn.run('COMMIT');
      return out;
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async _rows(sql: string, params: (string | number)[]): Promise<Row[]> {
    const reader = await this.conn.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as Row[];
  }
}

export function openStore(file: string): Promise<DuckDbStore> {
  return DuckDbStore.open(file);
}
