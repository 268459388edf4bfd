import { DuckDBInstance } from '@duckdb/node-api';
import type { CaseResult, Score } from '../core/types.ts';

/** Shared fixtures of the store tests. */

export const T0 = new Date('2025-03-01T10:00:00.000Z');

export function ok(
  caseId: string,
  targetId: string,
  latencyMs: number,
  text: string,
  scores: Score[],
  out = 5,
): CaseResult {
  return {
    runId: 'run-1',
    caseId,
    targetId,
    repeat: 0,
    request: { prompt: `Q ${caseId}`, system: 'be brief' },
    vars: { question: `Q ${caseId}` },
    expected: 'yes',
    startedAt: T0,
    outcome: {
      status: 'ok',
      response: {
        text,
        usage: { inputTokens: 10, outputTokens: out, totalTokens: 10 + out },
        stopReason: 'end_turn',
        timing: { latencyMs },
        raw: {
          output: text,
          usage: { inputTokens: 10 },
          headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x' },
        },
      },
      scores,
    },
  };
}

export function err(caseId: string, targetId: string, errorClass: string): CaseResult {
  return {
    runId: 'run-1',
    caseId,
    targetId,
    repeat: 0,
    request: { prompt: `Q ${caseId}` },
    vars: { question: `Q ${caseId}` },
    startedAt: T0,
    outcome: {
      status: 'error',
      errorClass,
      errorMessage: `${errorClass} happened`,
      latencyMs: 50,
      attempts: 3,
    },
  };
}

export const exact = (v: number): Score => ({
  metric: 'exact',
  value: v,
  pass: v === 1,
  reason: v === 1 ? 'match' : 'no match',
});

/** Reads the FILE with a fresh DuckDB instance, independent of the store. */
export async function query(file: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(file);
  const conn = await instance.connect();
  try {
    return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
