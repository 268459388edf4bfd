import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, GuardrailOutcome } from '../core/types.ts';
import { ok, query, T0 } from './_fixtures.ts';
import { openStore } from './store.ts';

const RUN = {
  runId: 'run-1',
  suiteName: 'guardrails',
  suiteFile: 'suites/guardrails.yaml',
  suiteHash: 'h',
  backend: 'local',
  startedAt: T0,
  config: { targets: [{ id: 'g2', model: 'guardrail/acmesupport01:2', api: 'guardrail' }] },
};

const outcome: GuardrailOutcome = {
  action: 'GUARDRAIL_INTERVENED',
  source: 'OUTPUT',
  findings: [
    { policy: 'pii', name: 'EMAIL', action: 'ANONYMIZED', match: 'jane@example.com' },
    { policy: 'grounding', name: 'GROUNDING', action: 'NONE', score: 0.91, threshold: 0.8 },
  ],
  outputText: 'Write to {EMAIL}.',
  latencyMs: 212,
};

function withGuardrail(r: CaseResult): CaseResult {
  if (r.outcome.status !== 'ok') return r;
  return { ...r, outcome: { ...r.outcome, response: { ...r.outcome.response, guardrail: outcome } } };
}

describe('guardrail decision of a result (migration 5)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store5-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips the outcome; other results keep null; the column is queryable JSON', async () => {
    const file = join(dir, 'g.duckdb');
    {
      await using store = await openStore(file);
      await store.beginRun(RUN);
      await store.writeBatch([
        withGuardrail(ok('c1', 'g2', 10, 'Write to {EMAIL}.', [])),
        ok('c2', 'g2', 10, 'x', []),
      ]);
      const [c1, c2] = await store.listResults('run-1');
      expect(c1?.guardrail).toEqual(outcome);
      expect(c2?.guardrail).toBeNull();
    }
    const rows = await query(
      file,
      `SELECT case_id, guardrail->>'action' AS action, guardrail->'findings'->0->>'name' AS first
       FROM case_results ORDER BY case_id`,
    );
    expect(rows).toEqual([
      { case_id: 'c1', action: 'GUARDRAIL_INTERVENED', first: 'EMAIL' },
      { case_id: 'c2', action: null, first: null },
    ]);
  });
});
