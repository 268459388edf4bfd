/**
 * The nightly job's outputs: `evalgate run --emf FILE` (the CloudWatch EMF lines carry the figures the store
 * holds — one line per target, plus the gate line) and `evalgate export --parquet DIR --run latest`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.ts';
import type { TargetMetricSummary } from '../../src/store/types.ts';
import { type Ran, runCli } from './_cli.ts';

let dir: string;
let ran: Ran;
let lines: Record<string, unknown>[];
let summaries: TargetMetricSummary[];
let exported: Ran;
let scoreRows: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-emf-'));
  const emf = join(dir, 'metrics.emf.jsonl');
  ran = await runCli(['run', 'suites/support.yaml', '--out', dir, '--emf', emf, '--no-cache']);
  lines = (await readFile(emf, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  await using store = await openStore(join(dir, 'evalgate.duckdb'));
  const runId = await store.latestRunId('customer-support');
  summaries = await store.metricSummary(runId!);
  scoreRows = (await store.listScores(runId!)).length;
  await store.close();
  exported = await runCli([
    'export',
    '--parquet',
    join(dir, 'pq'),
    '--run',
    'latest',
    '--db',
    join(dir, 'evalgate.duckdb'),
  ]);
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evalgate run --emf', () => {
  it('writes one line per target with the stored means, p99 and error rate, and one gate line', () => {
    expect(ran.code, ran.stderr).toBe(0);
    const targets = lines.filter((l) => 'Target' in l);
    expect(targets.map((l) => l.Target)).toEqual(summaries.map((s) => s.targetId));
    for (const s of summaries) {
      const line = targets.find((l) => l.Target === s.targetId)!;
      expect(line.Suite).toBe('customer-support');
      expect(line.error_rate).toBe(s.errorRate);
      const contains = s.metrics.find((m) => m.metric === 'contains')!;
      expect(line['contains.mean']).toBe(contains.mean);
      expect(line['contains.pass_rate']).toBe(contains.passRate);
      const latency = s.metrics.find((m) => m.metric === 'latency_ms')!;
      expect(line['latency_ms.p99']).toBe(latency.p99);
    }
    const gate = lines.filter((l) => !('Target' in l));
    expect(gate).toHaveLength(1);
    expect(gate[0]).toMatchObject({ Suite: 'customer-support', Decision: 'promote', 'gate.rollback': 0 });
  });

  it('exports the run as Parquet files, one per table, with the Athena DDL', () => {
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^scores: .*\\.parquet \\(${scoreRows} rows\\)$`)),
    );
    expect(lines.at(-1)).toMatch(/^Athena DDL: .*athena\.sql$/);
  });
});
