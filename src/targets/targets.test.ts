import { describe, expect, it } from 'vitest';
import { executeCall } from '../runner/execute.ts';
import { useLocalBackend } from './_local-backend.ts';
import { createTarget } from './registry.ts';

const system =
  'Refunds are available within 30 days of purchase. Support is open from 9am to 5pm on weekdays.';
const request = { prompt: 'Question: Within how many days are refunds available?', system };

const local = useLocalBackend();

describe('Bedrock targets through the real SDK client against the local backend', () => {
  for (const api of ['converse', 'converse-stream', 'invoke', 'invoke-stream']) {
    it(`${api}: answers from the prompt's context with usage`, async () => {
      const target = createTarget({ id: 't', model: 'amazon.nova-pro-v1:0', api }, local.clients);
      const response = await target.invoke(request, AbortSignal.timeout(10_000));
      expect(response.text).toContain('30 days');
      expect(response.usage?.inputTokens).toBeGreaterThan(0);
      expect(response.usage?.outputTokens).toBeGreaterThan(0);
      expect(response.usage?.totalTokens).toBe(
        (response.usage?.inputTokens ?? 0) + (response.usage?.outputTokens ?? 0),
      );
      expect(response.timing.latencyMs).toBeGreaterThan(0);
      if (api.endsWith('-stream')) expect(response.timing.ttftMs).toBeGreaterThan(0);
    });
  }

  it('the four APIs agree on the answer and token counts', async () => {
    const answers = await Promise.all(
      ['converse', 'converse-stream', 'invoke', 'invoke-stream'].map((api) =>
        createTarget({ id: api, model: 'amazon.nova-lite-v1:0', api }, local.clients).invoke(
          request,
          AbortSignal.timeout(10_000),
        ),
      ),
    );
    const first = answers[0]!;
    for (const a of answers) {
      expect(a.text).toBe(first.text);
      expect(a.usage).toEqual(first.usage);
    }
  });

  it('an unknown model id is stored as the SDK ResourceNotFoundException, not dropped', async () => {
    const target = createTarget({ id: 'ghost', model: 'amazon.nova-ultra-v9:0' }, local.clients);
    const result = await executeCall(
      { id: 'c1', source: { file: 'x.csv', row: 2 }, vars: {} },
      0,
      () => request,
      {
        runId: 'r',
        target,
        scorers: [],
        timeoutMs: 5_000,
        scoreContext: { targetId: 'ghost', modelId: 'amazon.nova-ultra-v9:0' },
      },
    );
    expect(result.outcome.status).toBe('error');
    expect(result.outcome.status === 'error' && result.outcome.errorClass).toBe('ResourceNotFoundException');
  });

  it('invoke with a model family that has no body format is a one-line TARGET error', () => {
    expect(() =>
      createTarget({ id: 'x', model: 'cohere.command-r-v1:0', api: 'invoke' }, local.clients),
    ).toThrow(/target "x": api invoke has no body format for model cohere.command-r-v1:0/);
  });
});
