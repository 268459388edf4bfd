/**
 * tinybench figures of the harness's own hot paths: prompt rendering, CSV and JSONL parsing (rows/s through the
 * streamed loaders), the retrieval scorer (trec_eval measures over a ranked list) and metric aggregation (a seeded
 * bootstrap interval over 1,000 case scores).
 */
import { join } from 'node:path';
import { Bench, type Task } from 'tinybench';
import { loadSuite } from '../src/config/index.ts';
import { renderPrompt } from '../src/config/templates.ts';
import type { EvalCase, RetrievedChunk, TargetResponse } from '../src/core/types.ts';
import { loadDataset } from '../src/datasets/index.ts';
import { LOCAL_MODELS } from '../src/local/index.ts';
import { createScorers } from '../src/scorers/registry.ts';
import { bootstrapMeanCi } from '../src/stats/bootstrap.ts';
import { figure } from './_util.ts';

const ROOT = join(import.meta.dirname, '..');

const _perSecond = (task: Task | undefined, per = 1): number => {
  const r = task?.result;
  return r && r.state === 'completed' ? (1000 / r.period) * per : Number.NaN;
};

async function _rows(path: string): Promise<number> {
  let n = 0;
  for await (const item of loadDataset({ path, onBadRow: 'skip' }, path)) if (item.ok) n++;
  return n;
}

export async function benchMicroPaths(timeMs = 1000): Promise<void> {
  const loaded = await loadSuite(join(ROOT, 'suites/support.yaml'), {
    knownModels: new Set(LOCAL_MODELS.map((m) => m.id)),
  });
  const target = loaded.suite.targets[0]!;
  const evalCase: EvalCase = {
    id: 'sup-001',
    source: { file: 'support.csv', row: 2 },
    vars: { question: 'How much does the Personal plan cost per month?', category: 'plans' },
    expected: '$9.99 per month',
  };
  const csv = join(ROOT, 'datasets/support.csv');
  const jsonl = join(ROOT, 'datasets/rag/questions.jsonl');
  const [csvRows, jsonlRows] = [await _rows(csv), await _rows(jsonl)];

  const [retrieval] = createScorers([{ type: 'retrieval', k: [1, 3, 5, 10] }], { baseDir: ROOT });
  const ragCase: EvalCase = {
    id: 'rq-1',
    source: { file: 'q.jsonl', row: 1 },
    vars: {
      relevant: [
        { doc: 'd3', grade: 2 },
        { doc: 'd7', grade: 1 },
        { doc: 'd11', grade: 1 },
      ],
    },
  };
  const retrieved: RetrievedChunk[] = Array.from({ length: 10 }, (_, i) => ({
    docId: `d${(i * 7) % 13}`,
    text: `chunk ${i}`,
    score: 1 - i / 20,
  }));
  const response: TargetResponse = { retrieved, timing: { latencyMs: 1 } };
  const ctx = { targetId: 'kb', modelId: 'knowledge-base/KB' };
  const scores = Array.from({ length: 1000 }, (_, i) => ((i * 37) % 100) / 100);

  const bench = new Bench({ time: timeMs, warmupTime: 200 });
  bench
    .add('render_prompt', () => {
      renderPrompt(loaded, evalCase, target);
    })
    .add('parse_csv', async () => {
      await _rows(csv);
    })
    .add('parse_jsonl', async () => {
      await _rows(jsonl);
    })
    .add('retrieval_scorer', async () => {
      await retrieval?.score(ragCase, response, ctx);
    })
    .add('bootstrap_ci_1000', () => {
      bootstrapMeanCi(scores, { resamples: 1000 });
    });
  await bench.run();
  figure('render_prompt_per_s', _perSecond(bench.getTask('render_prompt')));
  figure('parse_csv_rows_per_s', _perSecond(bench.getTask('parse_csv'), csvRows));
  figure('parse_jsonl_rows_per_s', _perSecond(bench.getTask('parse_jsonl'), jsonlRows));
  figure('retrieval_scorer_cases_per_s', _perSecond(bench.getTask('retrieval_scorer')));
  figure('bootstrap_ci_per_s_1000_scores_1000_resamples', _perSecond(bench.getTask('bootstrap_ci_1000')));
}
