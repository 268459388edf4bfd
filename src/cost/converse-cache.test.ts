/**
 * Prompt-cache token counts travel from a Converse answer to cost_usd: a stub bedrock-runtime server (cleartext
 * HTTP/2, as the SDK's default handler speaks) answers with cache usage; the real SDK client and the converse
 * target read it; the cost scorer prices it with the shipped table.
 */
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvalCase } from '../core/types.ts';
import { eventFrame } from '../local/eventstream.ts';
import { costScorer } from '../scorers/cost.ts';
import { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';
import { priceFor } from './index.ts';

const MODEL = 'anthropic.claude-3-7-sonnet-20250219-v1:0';
const USAGE = {
  inputTokens: 200,
  outputTokens: 100,
  totalTokens: 3300,
  cacheReadInputTokens: 2000,
  cacheWriteInputTokens: 1000,
};

let server: http2.Http2Server;
let clients: ClientPool;

beforeAll(async () => {
  server = http2.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url.endsWith('/converse-stream')) {
        res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
        res.write(eventFrame('messageStart', { role: 'assistant' }));
        res.write(eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'cached' } }));
        res.write(eventFrame('contentBlockStop', { contentBlockIndex: 0 }));
        res.write(eventFrame('messageStop', { stopReason: 'end_turn' }));
        res.end(eventFrame('metadata', { usage: USAGE, metrics: { latencyMs: 5 } }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          output: { message: { role: 'assistant', content: [{ text: 'cached' }] } },
          stopReason: 'end_turn',
          usage: USAGE,
          metrics: { latencyMs: 5 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  clients = new ClientPool({ kind: 'local', endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1' });
});

afterAll(async () => {
  clients?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

const evalCase: EvalCase = { id: 'c1', source: { file: 'x.csv', row: 2 }, vars: {} };

describe('Converse prompt-cache usage → cost_usd', () => {
  for (const api of ['converse', 'converse-stream']) {
    it(`${api}: cache tokens are passed through and priced at their own prices`, async () => {
      const target = createTarget({ id: 't', model: MODEL, api }, clients);
      const response = await target.invoke({ prompt: 'hi' }, AbortSignal.timeout(10_000));
      expect(response.usage).toEqual(USAGE);
      const scorer = costScorer.create({ type: 'cost' }, {} as never);
      const [score] = await scorer.score(evalCase, response, {
        targetId: 't',
        modelId: MODEL,
        price: priceFor(MODEL)!,
      });
      // 200 × 0.003 + 100 × 0.015 + 2,000 × 0.0003 + 1,000 × 0.00375 (per 1k) = 0.00645
      expect(score?.value).toBe(0.00645);
    });
  }
});
