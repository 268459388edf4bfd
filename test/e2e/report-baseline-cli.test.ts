/** `evalgate report RUN --baseline RUN2`: the HTML report of a stored run, compared with a baseline run. */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseResult } from '../../src/core/types.ts';
import { openStore } from '../../src/store/store.ts';
import { runCli } from './_cli.ts';

function row(runId: string, caseId: string, pass: boolean): CaseResult {
  return {
    runId,
    caseId,
    targetId: 'lite',
    repeat: 0,
    request: { prompt: 'p' },
    vars: { q: caseId },
    expected: 'yes',
    startedAt: new Date('2025-03-01T10:00:00.000Z'),
    outcome: {
      status: 'ok',
      response: { text: `${runId} answer to ${caseId}`, timing: { latencyMs: 100 } },
      scores: [{ metric: 'exact', value: pass ? 1 : 0, pass }],
    },
  };
}

describe('evalgate report --baseline', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-report-baseline-'));
    db = join(dir, 'e.duckdb');
    await using store = await openStore(db);
    for (const [runId, fails] of [
      ['base', ['c4']],
      ['cand', ['c1', 'c2']],
    ] as const) {
      await store.beginRun({
        runId,
        suiteName: 's',
        suiteFile: 's.yaml',
        suiteHash: 'h',
        backend: 'local',
        targets: [{ id: 'lite', modelId: 'm' }],
      });
      await store.appendResults(
        ['c1', 'c2', 'c3', 'c4'].map((c) => row(runId, c, !(fails as readonly string[]).includes(c))),
      );
      await store.finishRun(runId, 'completed', { cases: 4, calls: 4, ok: 4 });
    }
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the comparison and the regressed cases side by side', async () => {
    const out = join(dir, 'r.html');
    const ran = await runCli(['report', 'cand', '--db', db, '--baseline', 'base', '--out', out]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toBe(`Report: ${out}\n`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<h2>Against baseline <code>base</code>');
    // exact: baseline 3/4, candidate 2/4 → −0.25; c1 and c2 regressed, c4 improved
    expect(html).toMatch(
      /<td>exact<\/td><td class="num">4<\/td><td class="num">0.75<\/td><td class="num">0.5<\/td>\s*<td class="num">-0.25<\/td>/,
    );
    expect([...html.matchAll(/<tr data-c="([^"]+)">/g)].map((m) => m[1])).toEqual(['c1', 'c2']);
    expect(html).toContain('base answer to c1');
    expect(html).toContain('cand answer to c1');
  }, 60_000);

  it('fails with one line when the baseline run does not exist', async () => {
    const ran = await runCli([
      'report',
      'cand',
      '--db',
      db,
      '--baseline',
      'nope',
      '--out',
      join(dir, 'x.html'),
    ]);
    expect(ran.code).toBe(2);
    expect(ran.stderr.trim()).toBe('evalgate: baseline run "nope" not found in the store');
  }, 60_000);
});
