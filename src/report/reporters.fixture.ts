/** A small hand-built run for the JUnit, Markdown and JSON reporter tests (a fake ReportSource). */
import type { Verdict } from '../gate/types.ts';
import type { RunRecord, StoredCaseResult, StoredScore, TargetMetricSummary } from '../store/types.ts';
import type { ReportSource } from './view-model.ts';

const T0 = new Date('2025-03-01T10:00:00.000Z');

export const fixtureRun: RunRecord = {
  runId: 'r1',
  suiteName: 'qa',
  suiteFile: 'suites/qa.yaml',
  suiteHash: 'abc',
  promptVersion: '1.2.0',
  backend: 'local',
  status: 'completed',
  startedAt: T0,
  finishedAt: new Date(T0.getTime() + 5000),
  config: null,
  counts: null,
  targets: [
    { id: 'lite', modelId: 'amazon.nova-lite-v1:0' },
    { id: 'pro', modelId: 'amazon.nova-pro-v1:0' },
  ],
};

const row = (
  caseId: string,
  targetId: string,
  latencyMs: number,
  error?: [string, string],
): StoredCaseResult => ({
  runId: 'r1',
  caseId,
  targetId,
  repeat: 0,
  modelId: null,
  status: error ? 'error' : 'ok',
  outputText: error ? null : 'out',
  request: { big: true },
  vars: { q: caseId },
  expected: null,
  errorClass: error?.[0] ?? null,
  errorMessage: error?.[1] ?? null,
  attempts: null,
  latencyMs,
  ttftMs: null,
  inputTokens: null,
  outputTokens: null,
  stopReason: null,
  raw: { big: true },
  retrieved: null,
  citations: null,
  guardrail: null,
  startedAt: T0,
});

export const fixtureResults: StoredCaseResult[] = [
  row('c1', 'lite', 1200),
  row('c2', 'lite', 3500),
  row('c3', 'lite', 20, ['ThrottlingException', 'Rate <exceeded> & "slow"']),
  row('c1', 'pro', 900),
];

const score = (
  caseId: string,
  targetId: string,
  metric: string,
  value: number,
  pass: boolean | null,
  reason: string | null,
): StoredScore => ({
  runId: 'r1',
  caseId,
  targetId,
  repeat: 0,
  metric,
  value,
  pass,
  reason,
});

/** c2's reason carries every XML hazard: markup, an ampersand, quotes, a CDATA end and a control character. */
export const NASTY = 'missing <b> & "x" ]]> \u0001 end';

export const fixtureScores: StoredScore[] = [
  score('c1', 'lite', 'contains', 1, true, 'found "Paris"'),
  score('c1', 'lite', 'faithfulness', 0.4, null, null),
  score('c2', 'lite', 'contains', 0, false, NASTY),
];

const stats = (metric: string, mean: number, p50: number, p99: number, passRate: number | null = null) => ({
  metric,
  n: 2,
  mean,
  passRate,
  passN: passRate === null ? 0 : 2,
  p50,
  p90: p99,
  p95: p99,
  p99,
  min: p50,
  max: p99,
  sum: mean * 2,
});

export const fixtureSummaries: TargetMetricSummary[] = [
  {
    targetId: 'lite',
    modelId: 'amazon.nova-lite-v1:0',
    cases: 3,
    calls: 3,
    ok: 2,
    errors: 1,
    errorRate: 1 / 3,
    errorsByClass: { ThrottlingException: 1 },
    inputTokens: null,
    outputTokens: null,
    metrics: [
      stats('contains', 0.5, 0.5, 1, 0.5),
      stats('cost_usd', 0.001, 0.001, 0.001),
      stats('error_rate', 1 / 3, 1 / 3, 1 / 3),
      stats('faithfulness', 0.4, 0.4, 0.4),
      stats('latency_ms', 2350, 1200, 3500),
    ],
  },
  {
    targetId: 'pro',
    modelId: 'amazon.nova-pro-v1:0',
    cases: 1,
    calls: 1,
    ok: 1,
    errors: 0,
    errorRate: 0,
    errorsByClass: {},
    inputTokens: null,
    outputTokens: null,
    metrics: [stats('error_rate', 0, 0, 0), stats('latency_ms', 900, 900, 900)],
  },
];

export const fixtureVerdict: Verdict = {
  decision: 'rollback',
  runId: 'r1',
  candidate: 'lite',
  rules: [
    {
      id: 'contains.pass_rate',
      metric: 'contains',
      stat: 'pass_rate',
      min: 0.8,
      actual: 0.5,
      n: 2,
      pass: false,
      message: 'contains pass_rate = 0.5 < min 0.8',
    },
    {
      id: 'latency_ms.p99',
      metric: 'latency_ms',
      stat: 'p99',
      max: 3000,
      actual: 3500,
      n: 2,
      pass: false,
      message: 'latency_ms p99 = 3500 > max 3000',
    },
    {
      id: 'error_rate.value',
      metric: 'error_rate',
      stat: 'value',
      max: 0.5,
      actual: 1 / 3,
      n: 3,
      pass: true,
      message: 'error_rate = 0.3333 <= max 0.5',
    },
  ],
  summary:
    'rollback: 2 of 3 rules failed for "lite": contains pass_rate = 0.5 < min 0.8; latency_ms p99 = 3500 > max 3000',
};

export const fixtureSource: ReportSource = {
  getRun: async (id) => (id === 'r1' ? fixtureRun : undefined),
  metricSummary: async () => fixtureSummaries,
  listResults: async () => fixtureResults,
  listScores: async () => fixtureScores,
};
