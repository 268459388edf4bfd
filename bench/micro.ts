/**
 * Figure 4: small tinybench figures — `contains` scorer ops/s, local backend Converse round trips/s through the
 * SDK (one at a time, backend in this process), and DuckDB appends (results/s, batches of 50 with scores).
 */

import { join } from 'node:path';
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { Bench, type Task } from 'tinybench';
import type { CaseResult, EvalCase, TargetResponse } from '../src/core/types.ts';
import { startLocalBackend } from '../src/local/index.ts';
import { createScorers } from '../src/scorers/registry.ts';
import { openStore } from '../src/store/index.ts';
import { ClientPool } from '../src/targets/clients.ts';
import { question, SYSTEM, userPrompt } from './_fixtures.ts';
import { figure, localBackend, withTempDir } from './_util.ts';

const BATCH = 50;

/** Operations per second of a finished task (1000 / mean period), or NaN when it did not complete. */
function _opsPerSecond(task: Task | undefined): number {
  const r = task?.result;
  return r && r.state === 'completed' ? 1000 / r.period : Number.NaN;
}

function _case(n: number): EvalCase {
  const q = question(n);
  return { id: `c${n}`, source: { file: 'cases.jsonl', row: n + 1 }, vars: q, expected: q.expected };
}

function _result(runId: string, n: number): CaseResult {
  const evalCase = _case(n);
  const text = `The answer is ${evalCase.expected}.`;
  return {
    runId,
    caseId: evalCase.id,
    targetId: 'micro',
    repeat: 0,
    request: { prompt: userPrompt(n), system: SYSTEM, inferenceConfig: { maxTokens: 200 } },
    vars: evalCase.vars,
    expected: evalCase.expected,
    startedAt: new Date(),
    outcome: {
      status: 'ok',
      response: {
        text,
        usage: { inputTokens: 80, outputTokens: 8, totalTokens: 88 },
        stopReason: 'end_turn',
        timing: { latencyMs: 3.2 },
        raw: { stopReason: 'end_turn' },
      },
      scores: [
        { metric: 'contains', value: 1, pass: true },
        { metric: 'latency_ms', value: 3.2 },
        { metric: 'output_tokens', value: 8 },
      ],
    },
  };
}

export async function benchMicro(timeMs = 1000): Promise<void> {
  const [contains] = createScorers([{ type: 'contains', threshold: 1 }], { baseDir: '.', where: 'bench' });
  const response: TargetResponse = {
    text: 'Refunds are available within thirty days of the purchase date.',
    timing: { latencyMs: 1 },
  };
  const ctx = { targetId: 'micro', modelId: 'amazon.nova-micro-v1:0' };
  const evalCase = _case(0);

  const backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  const clients = new ClientPool(localBackend(backend.url));
  const client = clients.bedrockRuntime();
  let n = 0;

  await withTempDir('micro', async (dir) => {
    const store = await openStore(join(dir, 'append.duckdb'));
    const runId = 'bench-append';
    await store.beginRun({
      runId,
      suiteName: 'bench',
      suiteFile: 'bench.yaml',
      suiteHash: 'x',
      backend: 'local',
    });
    let next = 0;
    try {
      const bench = new Bench({ time: timeMs, warmupTime: 200 });
      bench
        .add('contains', () => {
          contains?.score(evalCase, response, ctx);
        })
        .add('converse_round_trip', async () => {
          const i = n++;
          await client.send(
            new ConverseCommand({
              modelId: 'amazon.nova-micro-v1:0',
              system: [{ text: SYSTEM }],
              messages: [{ role: 'user', content: [{ text: userPrompt(i) }] }],
              inferenceConfig: { maxTokens: 200 },
            }),
          );
        })
        .add('duckdb_append', async () => {
          const batch = Array.from({ length: BATCH }, () => _result(runId, next++));
          await store.appendResults(batch);
        });
      await bench.run();
      figure('scorer_contains_ops_per_s', _opsPerSecond(bench.getTask('contains')));
      figure('local_converse_round_trips_per_s', _opsPerSecond(bench.getTask('converse_round_trip')));
      figure('duckdb_append_results_per_s', _opsPerSecond(bench.getTask('duckdb_append')) * BATCH);
    } finally {
      await store.close();
      clients.destroy();
      await backend.close();
    }
  });
}
