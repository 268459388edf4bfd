/**
 * `evalgate load` end to end on the local backend: the example profile (loadtests/chat-api.yaml) with small
 * bounds → store, report, verdict, exit code; a baseline run; the merged `evalgate gate --load` verdict; and
 * profiles that must be rejected with one line before any traffic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './_cli.ts';

const root = ROOT;
const cli = (...args: string[]) => runCli(args);

/** The example profile with a short shape and small bounds (and the dataset path made absolute). */
function smallExample(extra: { gate?: string } = {}): string {
  let text = readFileSync(join(root, 'loadtests/chat-api.yaml'), 'utf8');
  text = text
    .replace(/dataset: \.\.\/datasets\/support\.csv/, `dataset: ${join(root, 'datasets/support.csv')}`)
    .replace(/^shape:\n\s+closed: .*$/m, 'shape:\n  closed: { concurrency: [1, 2], stepSeconds: 0.3 }')
    .replace(/^bounds: .*$/m, 'bounds: { maxRequests: 200, maxSeconds: 5 }');
  if (extra.gate) text = text.replace(/^gate:\n(\s+- .*\n)+/m, `gate:\n${extra.gate}\n`);
  return text;
}

let dir: string;
let hits = 0;
let app: Server;
let appUrl: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-load-'));
  app = createServer((_req, res) => {
    hits += 1;
    res.end('{}');
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/chat`;
});

afterAll(async () => {
  await new Promise<void>((r) => app.close(() => r()));
});

describe.concurrent('evalgate load', () => {
  it('runs the example profile: steps, store, report, verdict; a second run gates against the first', async () => {
    const profile = join(dir, 'chat-api.yaml');
    await writeFile(profile, smallExample());
    const out = join(dir, 'out');
    const first = await cli('load', profile, '--out', out);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /^ {2}c=1: \d+ req, [\d.]+ ok\/s, p50 [\d.]+ ms, p99 [\d.]+ ms, errors 0\.0%$/m,
    );
    expect(first.stderr).toMatch(/^ {2}c=2: /m);
    expect(first.stdout).toMatch(/gate: PROMOTE/);
    expect(first.stdout).toMatch(/PASS p99_ms = [\d.]+; baseline ratio not checked/);
    const id1 = first.stdout.match(/load run (\S+):/)?.[1] ?? '';
    const verdict = JSON.parse(readFileSync(join(out, id1, 'verdict.json'), 'utf8'));
    expect(verdict.rules.map((r: { id: string }) => r.id)).toEqual(['load:error_rate', 'load:p99_ms']);
    const html = readFileSync(join(out, id1, 'load-report.html'), 'utf8');
    expect(html).toContain('Latency vs throughput');
    expect(html).toMatch(/c&#x3D;[12]: [\d.]+ successful req\/s at p99/); // the knee (SLO 2000 ms) is named

    // a second run of the same profile name against the first: the ratio rule is judged; a strict max rolls back
    const strict = join(dir, 'chat-api-strict.yaml');
    const rules = '  - { metric: p99_ms, maxRatioToBaseline: 100 }\n  - { metric: p99_ms, max: 1 }';
    await writeFile(strict, smallExample({ gate: rules }));
    const second = await cli('load', strict, '--out', out, '--baseline', 'latest');
    expect(second.code, second.stderr).toBe(1);
    expect(second.stdout).toMatch(/gate: ROLLBACK/);
    expect(second.stdout).toMatch(/PASS p99_ms = [\d.]+ <= 100 × baseline [\d.]+ = [\d.]+$/m);
    expect(second.stdout).toMatch(/FAIL p99_ms = [\d.]+ > max 1$/m);
    const id2 = second.stdout.match(/load run (\S+):/)?.[1] ?? '';
    const v2 = JSON.parse(readFileSync(join(out, id2, 'verdict.json'), 'utf8'));
    expect(v2.baseline).toBe(id1);
    expect(v2.rules.map((r: { id: string }) => r.id)).toEqual(['load:p99_ms', 'load:p99_ms#2']);
  }, 40_000);

  it('`evalgate gate RUN --load L` gives one verdict for quality and load', async () => {
    const profile = join(dir, 'merged.yaml');
    await writeFile(profile, smallExample());
    const out = join(dir, 'merged');
    const db = join(out, 'evalgate.duckdb');
    const quality = await cli('run', 'test/fixtures/gates/promote.yaml', '--out', out);
    expect(quality.code, quality.stderr).toBe(0);
    const load = await cli('load', profile, '--out', out);
    expect(load.code, load.stderr).toBe(0);
    const runId = quality.stdout.match(/run (\S+):/)?.[1] ?? '';
    const loadId = load.stdout.match(/load run (\S+):/)?.[1] ?? '';
    const gate = await cli('gate', runId, '--db', db, '--load', loadId);
    expect(gate.code, gate.stderr).toBe(0);
    const merged = JSON.parse(gate.stdout);
    expect(merged.decision).toBe('promote');
    expect(merged.runId).toBe(runId);
    expect(merged.rules.map((r: { id: string }) => r.id)).toEqual([
      'contains.mean',
      'error_rate.value',
      'load:error_rate',
      'load:p99_ms',
    ]);
    expect(merged.summary).toMatch(/^promote: quality — promote: .*; load run \S+ — promote: /);
  }, 40_000);

  it('a profile without bounds: exit 2, one line naming the file, nothing sent, nothing stored', async () => {
    const profile = join(dir, 'unbounded.yaml');
    await writeFile(
      profile,
      `name: unbounded\ntarget:\n  http: { url: ${appUrl}, method: GET }\nshape:\n  closed: { concurrency: [1], stepSeconds: 1 }\n`,
    );
    const r = await cli('load', profile, '--out', join(dir, 'unbounded'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/unbounded\.yaml:\d+:\d+: .*bounds/);
    expect(hits).toBe(0);
    expect(existsSync(join(dir, 'unbounded'))).toBe(false);
  });

  it('a target that cannot connect: exit 2, one line, before any traffic', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const profile = join(dir, 'down.yaml');
    await writeFile(
      profile,
      `name: down\ntarget:\n  http: { url: "http://127.0.0.1:${port}/chat", method: GET }\n` +
        'shape:\n  closed: { concurrency: [1], stepSeconds: 1 }\nbounds: { maxRequests: 10, maxSeconds: 2 }\n',
    );
    const r = await cli('load', profile, '--out', join(dir, 'down'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`cannot connect to 127.0.0.1:${port}`);
    expect(r.stderr).toContain('no traffic was sent');
    expect(hits).toBe(0);
  });
});
