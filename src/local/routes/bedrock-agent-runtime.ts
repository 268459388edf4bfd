/**
 * bedrock-agent-runtime routes: Retrieve, RetrieveAndGenerate (local knowledge bases) and Rerank — paths and
 * shapes from @aws-sdk/client-bedrock-agent-runtime's schemas (restJson1). See src/local/KNOWLEDGE-BASES.md.
 */
import { randomUUID } from 'node:crypto';
import { readBody, sendJson } from '../http-util.ts';
import type { KnowledgeBase } from '../kb/knowledge-base.ts';
import { buildCitations, buildRagInput, wireRetrievalResult } from '../kb/rag.ts';
import { isObj, jsonBody, parseGeneration, parseRetrievalConfiguration, requireText } from '../kb/request.ts';
import { retrievalMs, runRetrieval } from '../kb/retrieve.ts';
import { IDK_ANSWER } from '../models/engine.ts';
import { generate, getLocalModel, LOCAL_MODELS } from '../models/index.ts';
import { countTokens } from '../models/prompt.ts';
import { modelIdFromArn } from '../models/rerank.ts';
import type { Route, RouteContext } from '../router.ts';
import { estimateTokens } from '../token-window.ts';
import { RequestValidationError } from './bedrock-parse.ts';
import { admitRequest, failRequest, parseOrFail, simulateLatency } from './fault-gate.ts';
import { serveRerank } from './rerank.ts';

function _kb(ctx: RouteContext, statsKey: string, id: string): KnowledgeBase | undefined {
  const kb = ctx.state.knowledgeBases.get(id);
  if (!kb) {
    const known = ctx.state.knowledgeBases.ids().join(', ') || 'none registered';
    failRequest(
      ctx,
      statsKey,
      'ResourceNotFoundException',
      `Knowledge base ${id} not found on the evalgate local backend (has: ${known})`,
    );
  }
  return kb;
}

async function _retrieve(ctx: RouteContext): Promise<void> {
  const kbId = ctx.params.knowledgeBaseId ?? '';
  const key = `kb:${kbId}`;
  ctx.state.stats.request(key, ctx.protocol);
  const body = await readBody(ctx.req);
  const req = parseOrFail(ctx, key, () => {
    const j = jsonBody(body);
    const q = isObj(j.retrievalQuery) ? j.retrievalQuery : {};
    return {
      query: requireText(q.text, 'retrievalQuery.text'),
      opts: parseRetrievalConfiguration(j.retrievalConfiguration),
    };
  });
  const kb = req && _kb(ctx, key, kbId);
  if (!req || !kb) return;
  const tokens = countTokens(req.query);
  const decision = await admitRequest(ctx, key, tokens);
  if (!decision) return;
  const hits = runRetrieval(kb, req.query, req.opts);
  if (!(await simulateLatency(ctx, decision, retrievalMs(kb, req.opts, req.opts.search.numberOfResults))))
    return;
  sendJson(ctx.res, 200, { retrievalResults: hits.map(wireRetrievalResult) });
  ctx.state.faults.settleTokens(decision.tokens, tokens);
  ctx.state.stats.ok(key, tokens, 0);
}

function _parseRag(body: Buffer) {
  const j = jsonBody(body);
  const input = isObj(j.input) ? j.input : {};
  const question = requireText(input.text, 'input.text');
  const c = j.retrieveAndGenerateConfiguration;
  if (!isObj(c)) throw new RequestValidationError('retrieveAndGenerateConfiguration is required');
  if (c.type !== 'KNOWLEDGE_BASE') {
    throw new RequestValidationError(
      'retrieveAndGenerateConfiguration.type: the evalgate local backend serves KNOWLEDGE_BASE only',
    );
  }
  const where = 'retrieveAndGenerateConfiguration.knowledgeBaseConfiguration';
  const kbc = isObj(c.knowledgeBaseConfiguration) ? c.knowledgeBaseConfiguration : {};
  const sessionId = j.sessionId === undefined ? randomUUID() : requireText(j.sessionId, 'sessionId');
  return {
    question,
    sessionId,
    kbId: requireText(kbc.knowledgeBaseId, `${where}.knowledgeBaseId`),
    gen: parseGeneration(kbc, where),
    retrieval: parseRetrievalConfiguration(kbc.retrievalConfiguration, `${where}.retrievalConfiguration`),
  };
}

function _modelKey(body: Buffer): string {
  try {
    const c = JSON.parse(body.toString('utf8'))?.retrieveAndGenerateConfiguration?.knowledgeBaseConfiguration;
    return typeof c?.modelArn === 'string' ? modelIdFromArn(c.modelArn) : 'retrieveAndGenerate';
  } catch {
    return 'retrieveAndGenerate';
  }
}

async function _retrieveAndGenerate(ctx: RouteContext): Promise<void> {
  const body = await readBody(ctx.req);
  const key = _modelKey(body);
  ctx.state.stats.request(key, ctx.protocol);
  const req = parseOrFail(ctx, key, () => _parseRag(body));
  if (!req) return;
  const model = getLocalModel(key);
  if (!model) {
    const known = LOCAL_MODELS.map((m) => m.id).join(', ');
    return failRequest(
      ctx,
      key,
      'ValidationException',
      `The provided model identifier ${req.gen.modelArn} is invalid on the evalgate local backend (has: ${known})`,
    );
  }
  const kb = _kb(ctx, key, req.kbId);
  if (!kb) return;
  const hits = runRetrieval(kb, req.question, req.retrieval);
  const input = buildRagInput(req.question, hits, req.gen);
  const promptTokens = input.messages.reduce((n, m) => n + countTokens(m.text), 0);
  const decision = await admitRequest(ctx, key, estimateTokens(promptTokens, input.maxTokens));
  if (!decision) return;
  const gen = generate(model, input, ctx.state.faults.sampler);
  const planned =
    retrievalMs(kb, req.retrieval, req.retrieval.search.numberOfResults) + gen.firstByteMs + gen.decodeMs;
  if (!(await simulateLatency(ctx, decision, planned))) return;
  sendJson(ctx.res, 200, {
    sessionId: req.sessionId,
    output: { text: gen.text },
    citations: buildCitations(gen.text, hits, gen.text === IDK_ANSWER),
  });
  ctx.state.faults.settleTokens(decision.tokens, gen.inputTokens + gen.outputTokens);
  ctx.state.stats.ok(key, gen.inputTokens, gen.outputTokens);
}

export const bedrockAgentRuntimeRoutes: Route[] = [
  { method: 'POST', path: '/knowledgebases/{knowledgeBaseId}/retrieve', handle: _retrieve },
  { method: 'POST', path: '/retrieveAndGenerate', handle: _retrieveAndGenerate },
  { method: 'POST', path: '/rerank', handle: serveRerank },
];
