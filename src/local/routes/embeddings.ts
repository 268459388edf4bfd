/** InvokeModel for the local embedding models (called by bedrock-runtime.ts for embedding model ids). */
import { sendBytes } from '../http-util.ts';
import { type Embedding, type EmbeddingModelInfo, embed } from '../models/embeddings.ts';
import type { RouteContext } from '../router.ts';
import { RequestValidationError } from './bedrock-parse.ts';
import { admitRequest, failRequest, simulateLatency } from './fault-gate.ts';

/** Serve one embedding request (already counted with `stats.request` under `modelId`). */
export async function serveEmbedding(
  ctx: RouteContext,
  modelId: string,
  model: EmbeddingModelInfo,
  body: Buffer,
): Promise<void> {
  const started = performance.now();
  let out: Embedding;
  try {
    out = embed(model, body);
  } catch (err) {
    if (err instanceof RequestValidationError)
      return failRequest(ctx, modelId, 'ValidationException', err.message);
    throw err;
  }
  const decision = await admitRequest(ctx, modelId, out.inputTokens);
  if (!decision || !(await simulateLatency(ctx, decision, out.plannedMs))) return;
  sendBytes(ctx.res, 200, Buffer.from(JSON.stringify(out.body)), {
    'content-type': 'application/json',
    'x-amzn-bedrock-input-token-count': String(out.inputTokens),
    'x-amzn-bedrock-invocation-latency': String(Math.round(performance.now() - started)),
  });
  ctx.state.faults.settleTokens(decision.tokens, out.inputTokens);
  ctx.state.stats.ok(modelId, out.inputTokens, 0);
}
