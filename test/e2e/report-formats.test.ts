/**
 * `evalgate run` writes junit.xml and summary.md next to report.html and appends the summary to
 * $GITHUB_STEP_SUMMARY; `evalgate report --format` renders any format of a stored run.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './_cli.ts';

const cli = runCli;

describe('report formats', () => {
  it('writes junit.xml and summary.md per run, appends the step summary, and renders --format', async () => {
    const out = await mkdtemp(join(tmpdir(), 'evalgate-formats-'));
    const stepSummary = join(out, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    const ran = await cli(['run', 'test/fixtures/gates/rollback.yaml', '--out', out], {
      GITHUB_STEP_SUMMARY: stepSummary,
    });
    expect(ran.code, ran.stderr).toBe(1);
    const id = ran.stdout.match(/run (\S+):/)?.[1] ?? '';

    const junit = readFileSync(join(out, id, 'junit.xml'), 'utf8');
    // 12 cases × 2 gated metrics (contains, error_rate), one target
    expect(junit).toMatch(/<testsuites name="evalgate gate-rollback [^"]+" tests="24" /);
    expect(junit).toContain('<testsuite name="gate-rollback.micro" tests="24"');
    expect(junit).toContain('<property name="verdict" value="rollback"/>');
    expect(junit).toContain('<property name="prompt_version" value="1.0.0"/>');

    const summary = readFileSync(join(out, id, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## evalgate: gate-rollback\n/);
    expect(summary).toContain('**Verdict: ROLLBACK** for candidate `micro`');
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${summary}\n`);

    const db = join(out, 'evalgate.duckdb');
    const md = await cli(['report', id, '--db', db, '--format', 'markdown']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toBe(summary);

    const file = join(out, 'x', 'j.xml');
    const written = await cli(['report', id, '--db', db, '--format', 'junit', '--out', file]);
    expect(written.stdout).toBe(`Report: ${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe(junit);

    const json = await cli(['report', id, '--db', db, '--format', 'json']);
    expect(JSON.parse(json.stdout).cases).toHaveLength(12);

    const bad = await cli(['report', id, '--db', db, '--format', 'pdf']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('evalgate: --format pdf: expected one of html, junit, markdown, json');
  }, 120_000);
});
