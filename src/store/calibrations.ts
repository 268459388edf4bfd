/** Reading and writing the `calibrations` and `calibration_items` tables (migration 3). */
import type { DuckDBConnection } from '@duckdb/node-api';
import { toTimestamp } from './rows.ts';
import { toSafeJson } from './sanitize.ts';
import type { CalibrationItemRecord, CalibrationRecord } from './types.ts';

type Row = Record<string, unknown>;

/** Inserts one calibration and its items (call inside a transaction); an existing id is replaced. */
export async function writeCalibration(
  c: DuckDBConnection,
  rec: CalibrationRecord,
  items: readonly CalibrationItemRecord[],
): Promise<void> {
  await c.run('DELETE FROM calibration_items WHERE calibration_id = $1', [rec.calibrationId]);
  await c.run('DELETE FROM calibrations WHERE calibration_id = $1', [rec.calibrationId]);
  await c.run(`INSERT INTO calibrations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::JSON, $11, $12)`, [
    rec.calibrationId,
    rec.judgeType,
    rec.promptId,
    rec.judgeModel,
    rec.backend ?? null,
    rec.labelsFile,
    rec.labelsSha256,
    rec.n,
    rec.judgeErrors,
    toSafeJson(rec.figures),
    toTimestamp(rec.startedAt),
    toTimestamp(rec.finishedAt),
  ]);
  const a = await c.createAppender('calibration_items');
  try {
    for (const [i, it] of items.entries()) {
      a.appendVarchar(rec.calibrationId);
      a.appendVarchar(it.itemId);
      a.appendInteger(i);
      a.appendVarchar(it.humanLabel);
      _opt(a, it.judgeLabel, (v) => a.appendVarchar(v));
      a.appendDouble(it.judgeValue);
      _opt(a, it.judgeScore, (v) => a.appendDouble(v));
      _opt(a, it.agree, (v) => a.appendBoolean(v));
      a.appendBoolean(it.judgeError);
      _opt(a, it.reason, (v) => a.appendVarchar(v));
      _opt(a, it.details === null ? null : toSafeJson(it.details), (v) => a.appendVarchar(v));
      a.endRow();
    }
    a.flushSync();
  } finally {
    a.closeSync();
  }
}

function _opt<T>(a: { appendNull(): void }, v: T | null | undefined, put: (v: T) => void): void {
  if (v === null || v === undefined) a.appendNull();
  else put(v);
}

function _json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : (v ?? null);
}
function _s(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function toCalibrationRecord(r: Row): CalibrationRecord {
  const backend = _s(r.backend);
  return {
    calibrationId: String(r.calibration_id),
    judgeType: String(r.judge_type),
    promptId: String(r.prompt_id),
    judgeModel: String(r.judge_model),
    ...(backend !== null ? { backend } : {}),
    labelsFile: String(r.labels_file),
    labelsSha256: String(r.labels_sha256),
    n: Number(r.n),
    judgeErrors: Number(r.judge_errors),
    figures: (_json(r.figures) ?? {}) as Record<string, number | null>,
    startedAt: r.started_at as Date,
    finishedAt: r.finished_at as Date,
  };
}

export function toCalibrationItem(r: Row): CalibrationItemRecord {
  return {
    itemId: String(r.item_id),
    humanLabel: String(r.human_label),
    judgeLabel: _s(r.judge_label),
    judgeValue: r.judge_value === null || r.judge_value === undefined ? Number.NaN : Number(r.judge_value),
    judgeScore: r.judge_score === null || r.judge_score === undefined ? null : Number(r.judge_score),
    agree: r.agree === null || r.agree === undefined ? null : Boolean(r.agree),
    judgeError: Boolean(r.judge_error),
    reason: _s(r.reason),
    details: _json(r.details) as Record<string, unknown> | null,
  };
}
