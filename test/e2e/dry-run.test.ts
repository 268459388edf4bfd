/** `evalgate run --dry-run` through the CLI: prints the plan and estimate, sends nothing to the backend. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../../src/local/index.ts';
import { tempDir, writeFixtureSuite } from '../../src/plan/_test-fixtures.ts';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../..');
const CLI = ['--import', 'tsx', 'src/cli/main.ts', 'run'];
const env = { ...process.env, CI: 'true' };

let backend: LocalBackend;
beforeAll(async () => {
  backend = await startLocalBackend({ port: 0, faults: { latencyScale: 0 } });
});
afterAll(async () => {
  await backend.close();
});

describe('evalgate run --dry-run', () => {
  it('--dry-run prints the estimate and sends no request', async () => {
    const dir = await tempDir('evalgate-dry-e2e-');
    const targets = `  - id: micro
    model: amazon.nova-micro-v1:0
    inference: { maxTokens: 64 }`;
    const suite = await writeFixtureSuite(dir, { rows: 10, targets });
    backend.resetStats();
    const res = await run(
      process.execPath,
      [...CLI, suite, '--out', join(dir, 'out'), '--endpoint', backend.url, '--dry-run'],
      { cwd: root, env },
    );
    // 10 calls × ceil(58 / 4) = 150 input tokens; 10 × 64 = 640 output tokens at most
    expect(res.stdout).toMatch(/ {2}micro +amazon\.nova-micro-v1:0 +10 +0 +10 +150 +640 /);
    expect(res.stdout).toContain('dry run: 10 model calls would be made, 0 answered from the cache');
    expect(backend.stats().requests).toBe(0);
  }, 60_000);
});
