/**
 * The resume acceptance, as a user lives it: `evalgate run` is SIGKILLed halfway through a 200-case suite,
 * then `evalgate run --resume <id>` finishes it. Every key ends up stored exactly once, and the local backend's
 * request count shows the completed half was not sent again.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../../src/local/index.ts';
import { tempDir, writeFixtureSuite } from '../../src/plan/_test-fixtures.ts';
import { query as rows } from '../../src/store/_fixtures.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const CLI = ['--import', 'tsx', 'src/cli/main.ts', 'run'];
const env = { ...process.env, CI: 'true' };
const CASES = 200;
const CONCURRENCY = 4;
const BATCH = 50; // BatchWriter: 50 results or 1 s

let backend: LocalBackend;
beforeAll(async () => {
  // 50 ms per call at concurrency 4: ~80 calls/s, so the run takes ~2.5 s and can be killed halfway
  backend = await startLocalBackend({
    port: 0,
    faults: { latencyScale: 0, latency: { kind: 'fixed', ms: 50 } },
  });
});
afterAll(async () => {
  await backend.close();
});

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

describe('evalgate run, SIGKILL halfway, then --resume', () => {
  it('stores every key exactly once and does not re-send the completed half', async () => {
    const dir = await tempDir('evalgate-kill-');
    const targets = `  - id: micro
    model: amazon.nova-micro-v1:0
    concurrency: ${CONCURRENCY}`;
    const suite = await writeFixtureSuite(dir, { rows: CASES, targets });
    const out = join(dir, 'out');
    const db = join(out, 'evalgate.duckdb');
    backend.resetStats();

    const child = spawn(process.execPath, [...CLI, suite, '--out', out, '--endpoint', backend.url], {
      cwd: root,
      env,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const deadline = Date.now() + 60_000;
    while (backend.stats().requests < CASES / 2 && child.exitCode === null && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    child.kill('SIGKILL');
    await exited(child);
    expect(child.signalCode, `the run ended before it was killed:\n${stderr}`).toBe('SIGKILL');
    await new Promise((r) => setTimeout(r, 200)); // let the backend finish answering the dead client's calls
    const runId = stderr.match(/^run (\S+) started$/m)?.[1];
    expect(runId, stderr).toBeDefined();
    const sentBeforeKill = backend.stats().requests;
    if (process.env.EVALGATE_TEST_VERBOSE) console.log({ sentBeforeKill });

    const [stored] = await rows(
      db,
      `SELECT count(*)::INTEGER AS n FROM case_results WHERE run_id = '${runId}'`,
    );
    const storedBeforeKill = Number(stored?.n);
    if (process.env.EVALGATE_TEST_VERBOSE) console.log({ storedBeforeKill });
    expect(storedBeforeKill).toBeGreaterThan(0);
    expect(storedBeforeKill).toBeLessThan(CASES);
    // lost = answered but not yet flushed when killed: at most one batch being filled + one being written + in flight
    expect(sentBeforeKill - storedBeforeKill).toBeLessThanOrEqual(2 * BATCH + CONCURRENCY);

    backend.resetStats();
    const resumed = await run(
      process.execPath,
      [...CLI, suite, '--out', out, '--endpoint', backend.url, '--resume', runId!],
      { cwd: root, env },
    );
    expect(resumed.stderr).toContain(
      `run ${runId} resumed: ${storedBeforeKill} of ${CASES} calls already stored`,
    );
    // the stored keys were not sent again: exactly the missing ones were
    expect(backend.stats().requests).toBe(CASES - storedBeforeKill);
    expect(sentBeforeKill + backend.stats().requests - CASES).toBeLessThanOrEqual(2 * BATCH + CONCURRENCY);

    const [summary] = await rows(
      db,
      `SELECT count(*)::INTEGER AS n, count(DISTINCT (case_id, target_id, repeat))::INTEGER AS keys,
         count(*) FILTER (WHERE status = 'ok')::INTEGER AS ok
       FROM case_results WHERE run_id = '${runId}'`,
    );
    expect(summary).toEqual({ n: CASES, keys: CASES, ok: CASES });
    const [record] = await rows(
      db,
      `SELECT status, counts::VARCHAR AS counts FROM runs WHERE run_id = '${runId}'`,
    );
    expect(record?.status).toBe('completed');
    expect(JSON.parse(String(record?.counts))).toMatchObject({
      cases: CASES,
      calls: CASES,
      ok: CASES,
      errors: 0,
    });
    expect((await rows(db, 'SELECT count(*)::INTEGER AS n FROM runs'))[0]?.n).toBe(1);
  }, 120_000);
});
