/**
 * HTML report figures: a 10,000-case run (× 2 targets = 20,000 result rows, each with 4 scores, one of them a
 * judge score with usage, cost and a reason; outputs of 80–1,200 characters, 2 % errors) written to a temp DuckDB
 * file through the real store, then rendered from the store to one HTML string (reads, bootstrap intervals,
 * charts, templates). Timed from the store to the string; the size is the UTF-8 bytes of that string.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import type { CaseResult, Score } from '../src/core/types.ts';
import { renderHtmlReport } from '../src/report/html.ts';
import { mulberry32 } from '../src/stats/bootstrap.ts';
import { openStore } from '../src/store/store.ts';
import { figure, note, withTempDir } from './_util.ts';

export interface ReportBenchOptions {
  cases?: number;
  /** Also write the report to this file (for a look in a browser). */
  keep?: string;
}

const TARGETS = [
  { id: 'nova-lite', modelId: 'amazon.nova-lite-v1:0', quality: 0.78, latency: 420 },
  { id: 'nova-pro', modelId: 'amazon.nova-pro-v1:0', quality: 0.86, latency: 900 },
];
const WORDS = (
  'the order refund policy account shipping customer days within return item support warranty invoice ' +
  'please contact team billing address delivery tracking number password reset email subscription plan'
).split(' ');

function _text(rand: () => number, chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = WORDS[Math.floor(rand() * WORDS.length)] ?? 'the';
    out.push(w);
    n += w.length + 1;
  }
  return `${out.join(' ')}.`;
}

interface SyntheticCase {
  i: number;
  question: string;
  expected: string;
}

function _result(
  runId: string,
  c: SyntheticCase,
  t: (typeof TARGETS)[number],
  rand: () => number,
): CaseResult {
  const { i, question } = c;
  const caseId = `case-${String(i).padStart(5, '0')}`;
  const base = {
    runId,
    caseId,
    targetId: t.id,
    repeat: 0,
    request: { prompt: `Answer the customer: ${question}` },
    vars: { question, locale: 'en-US' },
    expected: c.expected,
    startedAt: new Date(1_740_823_200_000 + i * 1000),
  };
  if (rand() < 0.02) {
    return {
      ...base,
      outcome: {
        status: 'error',
        errorClass: 'ThrottlingException',
        errorMessage: 'Rate exceeded',
        latencyMs: 30,
        attempts: 3,
      },
    };
  }
  const good = rand() < t.quality;
  const inputTokens = 80 + Math.floor(rand() * 200);
  const outputTokens = 30 + Math.floor(rand() * 300);
  const judgeScore = good ? 4 + Math.floor(rand() * 2) : 1 + Math.floor(rand() * 3);
  const scores: Score[] = [
    {
      metric: 'contains',
      value: good ? 1 : 0,
      pass: good,
      reason: good ? 'found "refund"' : 'missing "refund"',
    },
    { metric: 'cost_usd', value: (inputTokens * 0.06 + outputTokens * 0.24) / 1e6 },
    { metric: 'output_tokens', value: outputTokens },
    {
      metric: 'helpfulness',
      value: (judgeScore - 1) / 4,
      pass: judgeScore >= 4,
      reason: `${judgeScore}/5: ${_text(rand, 60 + Math.floor(rand() * 100))}`,
      details: { judge: 'rubric', usage: { inputTokens: 350, outputTokens: 60 }, costUsd: 0.0000354 },
    },
  ];
  return {
    ...base,
    outcome: {
      status: 'ok',
      response: {
        text: _text(rand, 80 + Math.floor(rand() ** 2 * 1100)),
        usage: { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens },
        timing: { latencyMs: t.latency * (0.6 + rand() * 0.8) + (rand() < 0.01 ? 3000 : 0) },
      },
      scores,
    },
  };
}

export async function benchReport(opts: ReportBenchOptions = {}): Promise<void> {
  const cases = opts.cases ?? 10_000;
  await withTempDir('report', async (dir) => {
    const runId = 'bench-report';
    {
      await using store = await openStore(join(dir, 'evalgate.duckdb'));
      await store.beginRun({
        runId,
        suiteName: 'support-bench',
        suiteFile: 'suites/support-bench.yaml',
        suiteHash: 'a'.repeat(64),
        promptVersion: '1.0.0',
        backend: 'local',
        targets: TARGETS.map((t) => ({ id: t.id, modelId: t.modelId })),
        meta: { evalgateVersion: 'bench', nodeVersion: process.version },
      });
      const rand = mulberry32(42);
      const t0 = performance.now();
      for (let start = 0; start < cases; start += 1000) {
        const batch: CaseResult[] = [];
        for (let i = start; i < Math.min(cases, start + 1000); i++) {
          const c = { i, question: _text(rand, 60 + Math.floor(rand() * 120)), expected: _text(rand, 40) };
          for (const t of TARGETS) batch.push(_result(runId, c, t, rand));
        }
        await store.appendResults(batch);
      }
      await store.finishRun(runId, 'completed', { cases, calls: cases * TARGETS.length });
      note(
        `report: ${cases} cases × ${TARGETS.length} targets written in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    await using store = await openStore(join(dir, 'evalgate.duckdb'));
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    const html = await renderHtmlReport(store, runId);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    note(
      `report: render used ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s of CPU (machine load ${os.loadavg()[0]?.toFixed(1)})`,
    );
    if (opts.keep) await writeFile(opts.keep, html, 'utf8');
    note(
      `report: ${cases} cases × ${TARGETS.length} targets = ${cases * TARGETS.length} result rows (2 targets)`,
    );
    figure('report_render_10k_s', seconds);
    figure('report_render_target_s', 3);
    figure('report_size_10k_mb', Buffer.byteLength(html, 'utf8') / 1e6);
    figure('report_size_target_mb', 15);
  });
}
