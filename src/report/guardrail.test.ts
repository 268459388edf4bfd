import { describe, expect, it } from 'vitest';
import type { ScoreContext } from '../core/types.ts';
import { FIXTURE } from '../scorers/guardrail/_fixture.ts';
import { createScorers } from '../scorers/registry.ts';
import type { RunRecord, StoredScore } from '../store/types.ts';
import { guardrailSection, pooled } from './guardrail.ts';
import { renderHtmlReport } from './html.ts';
import type { ReportSource } from './view-model.ts';

/** The guardrail scorer's scores on the 12-row fixture, as the store returns them, for one target. */
async function storedScores(targetId: string, version: number): Promise<StoredScore[]> {
  const [scorer] = createScorers([{ type: 'guardrail' }], { baseDir: '.' });
  const ctx: ScoreContext = { targetId, modelId: `guardrail/acmesupport01:${version}` };
  const out: StoredScore[] = [];
  for (const { evalCase, response } of FIXTURE) {
    for (const s of await scorer!.score(evalCase, response, ctx)) {
      out.push({
        runId: 'r1',
        caseId: evalCase.id,
        targetId,
        repeat: 0,
        metric: s.metric,
        value: s.value,
        pass: s.pass ?? null,
        reason: s.reason ?? null,
        ...(s.details ? { details: s.details } : {}),
      });
    }
  }
  return out;
}

describe('guardrail report section (hand-computed on the 12-row fixture)', () => {
  it('pools counts: F1 from tp/fp/fn, never a mean', () => {
    expect(pooled({ tp: 1, fn: 0, fp: 1, tn: 10 })).toEqual({
      precision: 0.5,
      recall: 1,
      f1: 2 / 3,
      fpr: 1 / 11,
    });
    expect(pooled({ tp: 0, fn: 1, fp: 0, tn: 11 })).toEqual({ precision: null, recall: 0, f1: 0, fpr: 0 });
    expect(pooled({ tp: 0, fn: 0, fp: 0, tn: 3 }).f1).toBeNull();
  });

  it('builds the overall and per-policy matrices, PII pooled figures, grounding and attack rates', async () => {
    const section = guardrailSection([
      ...(await storedScores('guardrail-v1', 1)),
      ...(await storedScores('guardrail-v2', 2)),
    ]);
    const [v1, v2] = section?.targets ?? [];
    // version 1: the v2-only attack row r12 must pass, and was blocked → a third false positive
    expect(v1?.overall).toMatchObject({ tp: '5', fn: '1', fp: '3', tn: '3', n: '12' });
    expect(v1?.attacks).toBeNull();
    expect(v2).toEqual({
      targetId: 'guardrail-v2',
      scorer: '',
      rows: '12',
      accuracy: '75.0%',
      overall: {
        tp: '6',
        fn: '1',
        fp: '2',
        tn: '3',
        n: '12',
        precision: '75.0%',
        recall: '85.7%',
        f1: '80.0%',
        fpr: '40.0%',
      },
      policies: [
        {
          policy: 'content',
          tp: '1',
          fn: '1',
          fp: '1',
          tn: '9',
          n: '12',
          precision: '50.0%',
          recall: '50.0%',
          f1: '50.0%',
          fpr: '10.0%',
        },
        {
          policy: 'prompt-attack',
          tp: '1',
          fn: '0',
          fp: '0',
          tn: '11',
          n: '12',
          precision: '100.0%',
          recall: '100.0%',
          f1: '100.0%',
          fpr: '0.0%',
        },
        {
          policy: 'topic',
          tp: '1',
          fn: '0',
          fp: '1',
          tn: '10',
          n: '12',
          precision: '50.0%',
          recall: '100.0%',
          f1: '66.7%',
          fpr: '9.1%',
        },
        {
          policy: 'word',
          tp: '0',
          fn: '1',
          fp: '0',
          tn: '11',
          n: '12',
          precision: '–',
          recall: '0.0%',
          f1: '0.0%',
          fpr: '0.0%',
        },
        {
          policy: 'pii',
          tp: '3',
          fn: '0',
          fp: '0',
          tn: '9',
          n: '12',
          precision: '100.0%',
          recall: '100.0%',
          f1: '100.0%',
          fpr: '0.0%',
        },
        {
          policy: 'grounding',
          tp: '1',
          fn: '0',
          fp: '1',
          tn: '10',
          n: '12',
          precision: '50.0%',
          recall: '100.0%',
          f1: '66.7%',
          fpr: '9.1%',
        },
      ],
      // per-row means would be 5/6; pooled tp 3, fp 1, fn 1 → 3/4
      pii: { tp: '3', fp: '1', fn: '1', rows: '3', precision: '75.0%', recall: '75.0%' },
      grounding: { accuracy: '50.0%', correct: '1', n: '2' },
      attacks: { rate: '100.0%', blocked: '1', n: '1' },
    });
  });

  it('is absent without guardrail scores', () => {
    expect(guardrailSection([])).toBeNull();
  });

  it('renders a confusion matrix per target and per policy in the HTML report', async () => {
    const scores = await storedScores('guardrail-v2', 2);
    const run: RunRecord = {
      runId: 'r1',
      suiteName: 'guardrails',
      suiteFile: 'suites/guardrails.yaml',
      suiteHash: 'abc',
      promptVersion: '1.0.0',
      backend: 'local',
      status: 'completed',
      startedAt: new Date('2025-03-01T10:00:00Z'),
      finishedAt: new Date('2025-03-01T10:00:05Z'),
      config: null,
      counts: null,
      targets: [{ id: 'guardrail-v2', modelId: 'guardrail/acmesupport01:2', kind: 'bedrock-guardrail' }],
    };
    const source: ReportSource = {
      getRun: async () => run,
      metricSummary: async () => [],
      listResults: async () => [],
      listScores: async () => scores,
    };
    const html = (await renderHtmlReport(source, 'r1')).replace(/\s+/g, ' ');
    expect(html).toContain('<section id="guardrail">');
    expect(html).toContain(
      '<table class="confusion" data-target="guardrail-v2"> <thead><tr><th>expected \\ actual</th><th class="num">block</th><th class="num">pass</th></tr></thead> <tbody> <tr><th>block</th><td class="num hit">6</td><td class="num miss">1</td></tr> <tr><th>pass</th><td class="num miss">2</td><td class="num hit">3</td></tr>',
    );
    expect(html).toContain(
      '<table class="confusion" data-policy="topic"> <thead><tr><th>expected \\ fired</th><th class="num">yes</th><th class="num">no</th></tr></thead> <tbody> <tr><th>yes</th><td class="num hit">1</td><td class="num miss">0</td></tr> <tr><th>no</th><td class="num miss">1</td><td class="num hit">10</td></tr>',
    );
    expect(html).toContain('PII masking precision 75.0%, recall 75.0%');
  });
});
