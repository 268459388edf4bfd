import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bootstrapMeanCi } from '../stats/bootstrap.ts';
import type { RunRecord, StoredCaseResult, StoredScore } from '../store/types.ts';
import { baselineSection } from './baseline.ts';
import { capFor, caseRows, textCell } from './case-rows.ts';
import { binValues, histogram, histogramSvg } from './histogram.ts';
import { gitLabel } from './run-facts.ts';
import { fmtInterval, metricRows, metricValues, resamplesFor } from './scoreboard.ts';
import { reportCsp, scriptHash, TABLE_SCRIPT } from './table-script.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const run = (runId: string, targets: string[], meta?: RunRecord['meta']): RunRecord => ({
  runId,
  suiteName: 's',
  suiteFile: 's.yaml',
  suiteHash: 'h',
  promptVersion: null,
  backend: 'local',
  status: 'completed',
  startedAt: T0,
  finishedAt: T0,
  config: null,
  counts: null,
  targets: targets.map((id) => ({ id, modelId: `m-${id}` })),
  ...(meta ? { meta } : {}),
});
const result = (
  runId: string,
  caseId: string,
  targetId: string,
  text: string,
  extra = {},
): StoredCaseResult => ({
  runId,
  caseId,
  targetId,
  repeat: 0,
  modelId: null,
  status: 'ok',
  outputText: text,
  request: null,
  vars: { q: `question ${caseId}` },
  expected: 'yes',
  errorClass: null,
  errorMessage: null,
  attempts: 1,
  latencyMs: 100,
  ttftMs: null,
  inputTokens: 1,
  outputTokens: 1,
  stopReason: null,
  raw: null,
  retrieved: null,
  citations: null,
  guardrail: null,
  startedAt: T0,
  ...extra,
});
const score = (
  runId: string,
  caseId: string,
  targetId: string,
  metric: string,
  value: number,
  pass: boolean | null,
) => ({ runId, caseId, targetId, repeat: 0, metric, value, pass, reason: `r ${caseId}` }) as StoredScore;

describe('text cells', () => {
  it('keeps short texts whole and folds long ones at a space, without repeating the head', () => {
    expect(textCell('short', 10)).toEqual({ text: 'short', long: false, head: 'short', tail: '' });
    const words = `${'word '.repeat(30)}end`; // 153 characters
    const cell = textCell(words, 100);
    expect(cell.long).toBe(true);
    // fold 100 < 120: the last space at or before 100 is at 99 (after 20 words): head = 20 words, tail = 10 + "end"
    expect(cell.head).toBe('word '.repeat(20).trimEnd());
    expect(cell.tail).toBe(`${'word '.repeat(10)}end`);
    expect(`${cell.head} ${cell.tail}`).toBe(words);
  });

  it('caps very long texts with a note of what was left out, and scales the cap with the table', () => {
    expect(textCell('x'.repeat(1250), 5000, 1000).text).toBe(`${'x'.repeat(1000)}… [+250 characters]`);
    expect([capFor(10), capFor(1000), capFor(2000), capFor(20_000), capFor(100_000)]).toEqual([
      4000, 3200, 1600, 160, 160,
    ]);
  });
});

describe('case rows', () => {
  it('marks pass/fail/error and points a later target back to the same input', () => {
    const rows = caseRows(
      [
        result('r', 'c1', 'a', 'A'),
        result('r', 'c1', 'b', 'B'),
        result('r', 'c2', 'a', 'A', { vars: { q: 'other' } }),
        result('r', 'c2', 'b', '', {
          status: 'error',
          errorClass: 'X',
          outputText: null,
          vars: { q: 'changed' },
        }),
      ],
      [score('r', 'c1', 'a', 'exact', 1, true), score('r', 'c1', 'b', 'exact', 0, false)],
    );
    expect(rows.map((r) => [r.caseId, r.targetId, r.status, r.sameAs])).toEqual([
      ['c1', 'a', 'pass', ''],
      ['c1', 'b', 'fail', 'a'],
      ['c2', 'a', 'pass', ''],
      ['c2', 'b', 'error', ''],
    ]);
  });
});

describe('scoreboard', () => {
  it('gives each metric its seeded bootstrap interval over the target values', () => {
    const scores = [1, 0, 1, 1].map((v, i) => score('r', `c${i}`, 'a', 'exact', v, v === 1));
    const values = metricValues(
      [result('r', 'c0', 'a', 'x'), result('r', 'c1', 'a', 'y', { latencyMs: 300 })],
      scores,
    );
    expect(values.get('a\u0000exact')).toEqual([1, 0, 1, 1]);
    expect(values.get('a\u0000latency_ms')).toEqual([100, 300]);
    expect(values.get('a\u0000error_rate')).toEqual([0, 0]);
    const summary = {
      targetId: 'a',
      modelId: null,
      cases: 4,
      calls: 4,
      ok: 4,
      errors: 0,
      errorRate: 0,
      errorsByClass: {},
      inputTokens: null,
      outputTokens: null,
      metrics: [
        {
          metric: 'exact',
          n: 4,
          mean: 0.75,
          passRate: 0.75,
          passN: 4,
          p50: 1,
          p90: 1,
          p95: 1,
          p99: 1,
          min: 0,
          max: 1,
          sum: 3,
        },
      ],
    };
    const [row] = metricRows([summary], values, { seed: 7 });
    const ci = bootstrapMeanCi([1, 0, 1, 1], { seed: 7, resamples: 2000 });
    expect(row).toMatchObject({
      mean: '0.75',
      passRate: '75.0%',
      n: '4',
      ci: fmtInterval('exact', ci.low, ci.high, 4),
    });
    // every resample of 4 values from {0, 1} has a mean in {0, .25, .5, .75, 1}
    expect(row?.ci).toMatch(/^\[(0|0\.25|0\.5|0\.75), (0\.75|1)\]$/);
    expect(fmtInterval('latency_ms', 90, 1234.4, 3)).toBe('[90 ms, 1,234 ms]');
    expect(fmtInterval('x', 1, 1, 1)).toBe('');
  });

  it('bounds the bootstrap work for big runs', () => {
    expect([
      resamplesFor(100),
      resamplesFor(2500),
      resamplesFor(5000),
      resamplesFor(10_000),
      resamplesFor(1e6),
    ]).toEqual([2000, 1200, 600, 300, 300]);
  });
});

describe('histogram', () => {
  it('bins shares in tenths and other values in 20 equal bins, the last one closed', () => {
    expect(binValues([0, 0.5, 1])).toEqual({ lo: 0, hi: 1, width: 0.1 });
    expect(histogram([0, 0.05, 0.1, 0.95, 1], 0, 1, 0.1).map((b) => b.count)).toEqual([
      2, 1, 0, 0, 0, 0, 0, 0, 0, 2,
    ]);
    expect(binValues([100, 300])).toEqual({ lo: 100, hi: 300, width: 10 });
    expect(binValues([5, 5])).toEqual({ lo: 4.5, hi: 5.5, width: 1 });
  });

  it('escapes names and draws one row per series', () => {
    const svg = histogramSvg(
      't',
      [
        { name: '<img onerror=x>', values: [0, 1, 1] },
        { name: 'b', values: [] },
      ],
      String,
    );
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&#60;img onerror=x&#62;');
    expect(svg.match(/<g class="dist-row">/g)).toHaveLength(2);
    // bins 0 (1 value) and 0.9–1 (2 values): heights 22 and 44 of the 44 px row
    expect([...svg.matchAll(/class="bin"[^>]*height="([\d.]+)"/g)].map((m) => m[1])).toEqual(['22', '44']);
  });
});

describe('CSP and script', () => {
  it('allows exactly the table script by its hash', () => {
    const hash = createHash('sha256').update(TABLE_SCRIPT).digest('base64');
    expect(scriptHash(TABLE_SCRIPT)).toBe(`'sha256-${hash}'`);
    expect(reportCsp()).toBe(
      `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'`,
    );
    expect(TABLE_SCRIPT).not.toMatch(
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
    expect(TABLE_SCRIPT).not.toContain('</script');
  });
});

describe('run facts', () => {
  it('labels the git commit: short sha with dirty flag, no checkout, not recorded', () => {
    expect(gitLabel(run('r', [], { git: { commit: 'abcdef123456', dirty: true } }))).toBe(
      'abcdef1 (dirty: uncommitted changes)',
    );
    expect(gitLabel(run('r', [], { git: { commit: 'abcdef123456', dirty: false } }))).toBe('abcdef1');
    expect(gitLabel(run('r', [], { nodeVersion: 'v20' }))).toBe('not a git checkout');
    expect(gitLabel(run('r', []))).toBe('not recorded');
  });
});

describe('baseline section', () => {
  it('pairs targets by position when the runs share no id, and lists regressed cases side by side', () => {
    const base = {
      run: run('b', ['old']),
      results: ['c1', 'c2', 'c3'].map((c) => result('b', c, 'old', `old ${c}`)),
      scores: [1, 1, 0].map((v, i) => score('b', `c${i + 1}`, 'old', 'exact', v, v === 1)),
    };
    const cand = {
      run: run('n', ['new']),
      results: ['c1', 'c2', 'c3'].map((c) => result('n', c, 'new', `<b>new</b> ${c}`)),
      scores: [0, 1, 1].map((v, i) => score('n', `c${i + 1}`, 'new', 'exact', v, v === 1)),
    };
    const s = baselineSection(base, cand, { resamples: 200 });
    expect(s.byPosition).toBe(true);
    expect(s.pairs[0]?.metrics[0]).toMatchObject({
      metric: 'exact',
      n: '3',
      baseline: '0.6667',
      candidate: '0.6667',
      diff: '0',
      regressed: '1',
      improved: '1',
      worse: false,
    });
    expect(s.diffs).toHaveLength(1);
    expect(s.diffs[0]?.cases.map((c) => [c.caseId, c.baselineOutput.text, c.candidateOutput.text])).toEqual([
      ['c1', 'old c1', '<b>new</b> c1'],
    ]);
    expect(s.diffs[0]?.cases[0]?.candidateScores.map((x) => `${x.metric}=${x.value}`)).toEqual(['exact=0']);
  });
});
