import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult, Citation, RetrievedChunk } from '../core/types.ts';
import { ok, T0 } from './_fixtures.ts';
import { openStore } from './store.ts';

const RUN = {
  runId: 'run-1',
  suiteName: 'rag',
  suiteFile: 'suites/rag.yaml',
  suiteHash: 'h',
  backend: 'local',
  startedAt: T0,
  config: { targets: [{ id: 'kb', model: 'knowledge-base/KB1' }] },
};

const chunks: RetrievedChunk[] = [
  {
    docId: 'billing/refund-policy',
    text: 'Refunds within <b>30</b> days.',
    score: 0.91,
    span: { start: 10, end: 40 },
    location: 's3://kb/billing/refund-policy.md',
    metadata: { area: 'billing', 'x-amz-security-token': 'leak' },
  },
  { docId: 'billing/invoices', text: 'Invoices are emailed.' },
];
const citations: Citation[] = [
  { text: 'Refunds within 30 days.', span: { start: 0, end: 23 }, references: [chunks[0] as RetrievedChunk] },
];

function withRetrieval(r: CaseResult): CaseResult {
  if (r.outcome.status !== 'ok') return r;
  return {
    ...r,
    outcome: { ...r.outcome, response: { ...r.outcome.response, retrieved: chunks, citations } },
  };
}

describe('retrieved passages and citations (migration 4)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-store4-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips retrieved chunks and citations; plain results keep null; credential-like keys are stripped', async () => {
    const file = join(dir, 'r.duckdb');
    await using store = await openStore(file);
    await store.beginRun(RUN);
    await store.writeBatch([
      withRetrieval(ok('c1', 'kb', 10, 'Refunds within 30 days.', [])),
      ok('c2', 'kb', 10, 'x', []),
    ]);
    const [c1, c2] = await store.listResults('run-1');
    expect(c1?.retrieved?.map((c) => [c.docId, c.score, c.span])).toEqual([
      ['billing/refund-policy', 0.91, { start: 10, end: 40 }],
      ['billing/invoices', undefined, undefined],
    ]);
    expect(c1?.retrieved?.[0]?.metadata).toEqual({ area: 'billing' });
    expect(c1?.citations?.[0]?.references[0]?.docId).toBe('billing/refund-policy');
    expect(c1?.citations?.[0]?.span).toEqual({ start: 0, end: 23 });
    expect(c2?.retrieved).toBeNull();
    expect(c2?.citations).toBeNull();
  });
});
