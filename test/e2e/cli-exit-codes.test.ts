/**
 * Exit codes as a release pipeline sees them: 0 promote, 1 rollback, 2 could not evaluate — for `run`, `gate`
 * and `pnpm test:eval` (a failing gate fails the command).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runNode } from './_cli.ts';

const run = runNode;
const fixtures = 'test/fixtures/gates';

const cli = (...args: string[]) => runCli(args);
const runId = (stdout: string) => stdout.match(/run (\S+):/)?.[1] ?? '';

describe('bin/evalgate.mjs (`pnpm eval`, `pnpm evalgate`, the package bin)', () => {
  it('runs the CLI in a child node and passes its exit code through', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-bin-'));
    const rollback = await run(['bin/evalgate.mjs', 'run', `${fixtures}/rollback.yaml`, '--out', out]);
    expect(rollback.code, rollback.stderr).toBe(1);
    expect(rollback.stdout).toMatch(/gate: ROLLBACK/);
    const bad = await run(['bin/evalgate.mjs', 'run', `${fixtures}/no-such-suite.yaml`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no such suite file or folder/);
  });
});

describe('evalgate run / gate exit codes', () => {
  it('promote → 0; rollback → 1 (and 0 with --exit-zero); the same verdict from `evalgate gate`', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-exit-'));
    const promote = await cli('run', `${fixtures}/promote.yaml`, '--out', out);
    expect(promote.code, promote.stderr).toBe(0);
    expect(promote.stdout).toMatch(/gate: PROMOTE/);

    const rollback = await cli('run', `${fixtures}/rollback.yaml`, '--out', out);
    expect(rollback.code, rollback.stderr).toBe(1);
    expect(rollback.stdout).toMatch(/FAIL contains mean = 0\.\d+ < min 0\.99/);
    const id = runId(rollback.stdout);
    const verdict = JSON.parse(readFileSync(join(out, id, 'verdict.json'), 'utf8'));
    expect(verdict.decision).toBe('rollback');
    expect(verdict.rules.find((r: { metric: string }) => r.metric === 'contains').pass).toBe(false);

    const zero = await cli('run', `${fixtures}/rollback.yaml`, '--out', out, '--exit-zero');
    expect(zero.code).toBe(0);

    const db = join(out, 'evalgate.duckdb');
    const gate = await cli('gate', id, '--db', db, '--out', join(out, 'again.json'));
    expect(gate.code).toBe(1);
    expect(JSON.parse(gate.stdout).decision).toBe('rollback');
    expect(JSON.parse(readFileSync(join(out, 'again.json'), 'utf8')).rules).toEqual(verdict.rules);

    const gatePromote = await cli('gate', runId(promote.stdout), '--db', db);
    expect(gatePromote.code).toBe(0);

    const missing = await cli('gate', 'no-such-run', '--db', db);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe(`evalgate: no run no-such-run in ${db}`);

    const report = await cli('report', id, '--db', db, '--out', join(out, 'r.html'));
    expect(report.code).toBe(0);
    expect(readFileSync(join(out, 'r.html'), 'utf8')).toContain('gate-rollback');
  }, 120_000);

  it('a gate whose metric has no figures cannot evaluate → 2', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-exit-'));
    const res = await cli('run', `${fixtures}/no-figures.yaml`, '--out', out);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/gate: ERROR/);
  }, 60_000);

  it('an invalid suite → 2 with one line naming file:line:col, and nothing runs', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-exit-'));
    const res = await cli('run', `${fixtures}/unknown-metric.yaml`, '--out', out);
    expect(res.code).toBe(2);
    expect(res.stderr.trim().split('\n')).toEqual([
      `evalgate: ${fixtures}/unknown-metric.yaml:22:17: gate.rules[0].metric: no scorer records metric "json_valid" (recorded: error_rate, latency_ms, contains, ttft_ms)`,
    ]);
    expect(existsSync(join(out, 'evalgate.duckdb'))).toBe(false);
  }, 60_000);
});

describe('pnpm test:eval', () => {
  const vitest = (suite: string, out: string) =>
    run(['node_modules/vitest/vitest.mjs', 'run', '--config', 'vitest.eval.config.ts'], {
      EVALGATE_SUITES: suite,
      EVALGATE_OUT: out,
    });

  it('fails when a gate rule fails, naming the rule, and passes when the gate promotes', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-testeval-'));
    const failing = await vitest(`${fixtures}/rollback.yaml`, out);
    expect(failing.code).toBe(1);
    expect(failing.stdout + failing.stderr).toMatch(/gate: contains mean = 0\.\d+ < min 0\.99/);
    const passing = await vitest(`${fixtures}/promote.yaml`, out);
    expect(passing.code, passing.stdout).toBe(0);
  }, 120_000);
});
