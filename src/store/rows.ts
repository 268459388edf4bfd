import { type DuckDBAppender, type DuckDBTimestampValue, timestampValue } from '@duckdb/node-api';
import type { CaseResult, Score } from '../core/types.ts';
import { readRunMeta } from './run-meta.ts';
import { toSafeJson } from './sanitize.ts';
import type {
  ResponseCacheEntry,
  RunInfo,
  RunRecord,
  RunStatus,
  RunTargetInfo,
  StoredCaseResult,
  StoredRunCounts,
  StoredScore,
} from './types.ts';

/** Columns of `case_results` in table order, as `appendResultRow` appends them (a new column changes both) */
// biome-ignore format: the columns fill lines
export const RESULT_COLUMNS = [
  'run_id', 'case_id', 'target_id', 'repeat', 'model_id', 'status', 'output_text', 'request', 'vars',
  'expected', 'error_class', 'error_message', 'attempts', 'latency_ms', 'ttft_ms', 'input_tokens',
  'output_tokens', 'stop_reason', 'raw', 'started_at', 'retrieved', 'citations', 'guardrail',
] as const;

/** Columns of `scores` in table order, as `appendScoreRows` appends them. */
// biome-ignore format: the columns fill lines
export const SCORE_COLUMNS = [
  'run_id', 'case_id', 'target_id', 'repeat', 'metric', 'value', 'pass', 'reason', 'details',
] as const;

/** Columns of `response_cache` in table order, as `appendCacheRow` appends them. */
// biome-ignore format: the columns fill lines
export const CACHE_COLUMNS = [
  'cache_key', 'backend', 'target_kind', 'model_id', 'region', 'repeat', 'response', 'run_id', 'created_at',
] as const;

export function resultKey(caseId: string, targetId: string, repeat: number): string {
  return `${caseId}\u0000${targetId}\u0000${repeat}`;
}

/**
 * The run's targets: `info.targets`, or else the suite's `config.targets[]` entries (`{ id, model, api? }`) when
 * the config is a suite, so result rows carry model ids either way.
 */
export function runTargetsOf(info: RunInfo): RunTargetInfo[] {
  if (info.targets) return info.targets;
  const list = (info.config as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(list)) return [];
  return list.flatMap((t: { id?: unknown; model?: unknown; api?: unknown; promptVersion?: unknown }) =>
    typeof t?.id === 'string' && typeof t.model === 'string'
      ? [
          {
            id: t.id,
            modelId: t.model,
            ...(typeof t.api === 'string' ? { kind: t.api } : {}),
            ...(typeof t.promptVersion === 'string' ? { promptVersion: t.promptVersion } : {}),
          },
        ]
      : [],
  );
}

/** Keeps the first result per (run, case, target, repeat) and the first score per metric within a result. */
export function dedupeBatch(results: readonly CaseResult[]): CaseResult[] {
  const seen = new Set<string>();
  const out: CaseResult[] = [];
  for (const r of results) {
    const key = `${r.runId}\u0000${resultKey(r.caseId, r.targetId, r.repeat)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

function _str(a: DuckDBAppender, v: string | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendVarchar(v);
}
function _int(a: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined || !Number.isFinite(v)) a.appendNull();
  else a.appendInteger(Math.round(v));
}
function _dbl(a: DuckDBAppender, v: number | null | undefined): void {
  if (v === null || v === undefined) a.appendNull();
  else a.appendDouble(v);
}
export function toTimestamp(d: Date) {
  return timestampValue(BigInt(d.getTime()) * 1000n);
}

/** Appends one `case_results` row (columns as in RESULT_COLUMNS); JSON columns get sanitised JSON text. */
export function appendResultRow(a: DuckDBAppender, r: CaseResult, modelId: string | null): void {
  const o = r.outcome;
  const ok = o.status === 'ok' ? o.response : undefined;
  _str(a, r.runId);
  _str(a, r.caseId);
  _str(a, r.targetId);
  a.appendInteger(r.repeat);
  _str(a, modelId);
  _str(a, o.status);
  _str(a, ok?.text);
  _str(a, toSafeJson(r.request));
  _str(a, toSafeJson(r.vars));
  _str(a, r.expected);
  _str(a, o.status === 'error' ? o.errorClass : null);
  _str(a, o.status === 'error' ? o.errorMessage : null);
  _int(a, o.status === 'error' ? o.attempts : null);
  _dbl(a, o.status === 'error' ? o.latencyMs : ok?.timing.latencyMs);
  _dbl(a, ok?.timing.ttftMs);
  _int(a, ok?.usage?.inputTokens);
  _int(a, ok?.usage?.outputTokens);
  _str(a, ok?.stopReason);
  _str(a, toSafeJson(ok?.raw));
  a.appendTimestamp(toTimestamp(r.startedAt));
  _str(a, ok?.retrieved ? toSafeJson(ok.retrieved) : null);
  _str(a, ok?.citations ? toSafeJson(ok.citations) : null);
  _str(a, ok?.guardrail ? toSafeJson(ok.guardrail) : null);
  a.endRow();
}

/**
 * Appends the result's `scores` rows (columns as in SCORE_COLUMNS), first score per metric wins. `details` go
 * through `toSafeJson`
 * (credential-like keys stripped; NaN inside details becomes null, while the score value itself stays NaN).
 */
export function appendScoreRows(a: DuckDBAppender, r: CaseResult): void {
  if (r.outcome.status !== 'ok') return;
  const seen = new Set<string>();
  for (const s of r.outcome.scores as Score[]) {
    if (seen.has(s.metric)) continue;
    seen.add(s.metric);
    _str(a, r.runId);
    _str(a, r.caseId);
    _str(a, r.targetId);
    a.appendInteger(r.repeat);
    _str(a, s.metric);
    _dbl(a, s.value);
    if (s.pass === undefined) a.appendNull();
    else a.appendBoolean(s.pass);
    _str(a, s.reason);
    _str(a, s.details === undefined ? null : toSafeJson(s.details));
    a.endRow();
  }
}

/** Appends one `response_cache` row (columns as in CACHE_COLUMNS). */
export function appendCacheRow(
  a: DuckDBAppender,
  e: ResponseCacheEntry,
  createdAt: DuckDBTimestampValue,
): void {
  a.appendVarchar(e.key);
  a.appendVarchar(e.backend);
  a.appendVarchar(e.kind);
  a.appendVarchar(e.modelId);
  _str(a, e.region);
  a.appendInteger(e.repeat);
  a.appendVarchar(toSafeJson(e.response) ?? 'null');
  _str(a, e.runId);
  a.appendTimestamp(createdAt);
  a.endRow();
}

type Row = Record<string, unknown>;

function _json(v: unknown): unknown {
  return typeof v === 'string' ? JSON.parse(v) : (v ?? null);
}
function _n(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}
function _s(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}

export function toStoredResult(r: Row): StoredCaseResult {
  return {
    runId: String(r.run_id),
    caseId: String(r.case_id),
    targetId: String(r.target_id),
    repeat: Number(r.repeat),
    modelId: _s(r.model_id),
    status: r.status === 'ok' ? 'ok' : 'error',
    outputText: _s(r.output_text),
    request: _json(r.request),
    vars: (_json(r.vars) ?? {}) as Record<string, unknown>,
    expected: _s(r.expected),
    errorClass: _s(r.error_class),
    errorMessage: _s(r.error_message),
    attempts: _n(r.attempts),
    latencyMs: _n(r.latency_ms),
    ttftMs: _n(r.ttft_ms),
    inputTokens: _n(r.input_tokens),
    outputTokens: _n(r.output_tokens),
    stopReason: _s(r.stop_reason),
    raw: _json(r.raw),
    retrieved: (_json(r.retrieved) ?? null) as StoredCaseResult['retrieved'],
    citations: (_json(r.citations) ?? null) as StoredCaseResult['citations'],
    guardrail: (_json(r.guardrail) ?? null) as StoredCaseResult['guardrail'],
    startedAt: r.started_at as Date,
  };
}

export function toStoredScore(r: Row): StoredScore {
  const details = _json(r.details) as Record<string, unknown> | null;
  return {
    runId: String(r.run_id),
    caseId: String(r.case_id),
    targetId: String(r.target_id),
    repeat: Number(r.repeat),
    metric: String(r.metric),
    value: Number(r.value),
    pass: r.pass === null || r.pass === undefined ? null : Boolean(r.pass),
    reason: _s(r.reason),
    ...(details !== null && typeof details === 'object' ? { details } : {}),
  };
}

export function toRunRecord(r: Row, targets: Row[]): RunRecord {
  const meta = readRunMeta(r.meta);
  return {
    runId: String(r.run_id),
    suiteName: String(r.suite_name),
    suiteFile: String(r.suite_file),
    suiteHash: String(r.suite_hash),
    promptVersion: _s(r.prompt_version),
    backend: String(r.backend),
    status: r.status as RunStatus,
    startedAt: r.started_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
    config: _json(r.config),
    counts: (_json(r.counts) as StoredRunCounts | null) ?? null,
    targets: targets.map((t) => ({
      id: String(t.target_id),
      modelId: String(t.model_id),
      ...(t.kind === null || t.kind === undefined ? {} : { kind: String(t.kind) }),
      ...(t.prompt_version === null || t.prompt_version === undefined
        ? {}
        : { promptVersion: String(t.prompt_version) }),
    })),
    ...(meta ? { meta } : {}),
  };
}
