/** The Bedrock Rerank API (`POST /rerank`) over the local rerank models (models/rerank.ts). */
import { readBody, sendJson } from '../http-util.ts';
import { isObj, jsonBody, requireText, rerankModel } from '../kb/request.ts';
import { countTokens } from '../models/prompt.ts';
import { modelIdFromArn, type RerankModelInfo, rerankScores } from '../models/rerank.ts';
import type { RouteContext } from '../router.ts';
import { RequestValidationError } from './bedrock-parse.ts';
import { admitRequest, parseOrFail, simulateLatency } from './fault-gate.ts';

const MAX_SOURCES = 1000;

interface _RerankRequest {
  query: string;
  documents: Array<{ text: string; source: Record<string, unknown> }>;
  model: RerankModelInfo;
  numberOfResults: number;
}

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

function _document(raw: unknown, i: number): { text: string; source: Record<string, unknown> } {
  const where = `sources.${i}`;
  if (!isObj(raw) || raw.type !== 'INLINE' || !isObj(raw.inlineDocumentSource)) {
    _fail(`${where} must be {type: INLINE, inlineDocumentSource}`);
  }
  const d = raw.inlineDocumentSource;
  if (d.type === 'TEXT') {
    const t = isObj(d.textDocument) ? d.textDocument.text : undefined;
    return { text: requireText(t, `${where}.inlineDocumentSource.textDocument.text`), source: d };
  }
  if (d.type === 'JSON' && d.jsonDocument !== undefined)
    return { text: JSON.stringify(d.jsonDocument), source: d };
  return _fail(`${where}.inlineDocumentSource must be a TEXT textDocument or a JSON jsonDocument`);
}

function _parse(body: Buffer): _RerankRequest {
  const j = jsonBody(body);
  const queries = j.queries;
  if (!Array.isArray(queries) || queries.length !== 1) _fail('queries must hold exactly one query');
  const q = queries[0];
  if (!isObj(q) || q.type !== 'TEXT' || !isObj(q.textQuery))
    _fail('queries.0 must be {type: TEXT, textQuery: {text}}');
  const query = requireText(q.textQuery.text, 'queries.0.textQuery.text');
  const sources = j.sources;
  if (!Array.isArray(sources) || sources.length === 0 || sources.length > MAX_SOURCES) {
    _fail(`sources must be a list of 1 to ${MAX_SOURCES} documents`);
  }
  const rc = isObj(j.rerankingConfiguration) ? j.rerankingConfiguration : {};
  if (rc.type !== 'BEDROCK_RERANKING_MODEL')
    _fail('rerankingConfiguration.type must be BEDROCK_RERANKING_MODEL');
  const b = isObj(rc.bedrockRerankingConfiguration) ? rc.bedrockRerankingConfiguration : {};
  const mc = isObj(b.modelConfiguration) ? b.modelConfiguration : {};
  const where = 'rerankingConfiguration.bedrockRerankingConfiguration';
  const model = rerankModel(mc.modelArn, `${where}.modelConfiguration.modelArn`);
  const n = b.numberOfResults ?? sources.length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1)
    _fail(`${where}.numberOfResults must be an integer >= 1`);
  return { query, documents: sources.map(_document), model, numberOfResults: n };
}

function _statsKey(body: Buffer): string {
  try {
    const arn = JSON.parse(body.toString('utf8'))?.rerankingConfiguration?.bedrockRerankingConfiguration
      ?.modelConfiguration?.modelArn;
    return typeof arn === 'string' ? modelIdFromArn(arn) : 'rerank';
  } catch {
    return 'rerank';
  }
}

/**
 * Rerank: results sorted by relevance score (descending, ties by source index), cut to numberOfResults
 * (default: all sources); each result carries its source index, score and the document it was given.
 */
export async function serveRerank(ctx: RouteContext): Promise<void> {
  const body = await readBody(ctx.req);
  const key = _statsKey(body);
  ctx.state.stats.request(key, ctx.protocol);
  const req = parseOrFail(ctx, key, () => _parse(body));
  if (!req) return;
  const tokens = countTokens(req.query) + req.documents.reduce((n, d) => n + countTokens(d.text), 0);
  const decision = await admitRequest(ctx, key, tokens);
  if (!decision) return;
  const scores = rerankScores(
    req.model,
    req.query,
    req.documents.map((d) => d.text),
  );
  const planned = req.model.latency.baseMs + req.model.latency.perDocumentMs * req.documents.length;
  if (!(await simulateLatency(ctx, decision, planned))) return;
  const results = scores
    .map((relevanceScore, index) => ({ index, relevanceScore, document: req.documents[index]!.source }))
    .sort((a, b) => b.relevanceScore - a.relevanceScore || a.index - b.index)
    .slice(0, req.numberOfResults);
  sendJson(ctx.res, 200, { results });
  ctx.state.faults.settleTokens(decision.tokens, tokens);
  ctx.state.stats.ok(key, tokens, 0);
}
