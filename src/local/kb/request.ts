/**
 * Request bodies of bedrock-agent-runtime (Retrieve, RetrieveAndGenerate, Rerank) → typed options. Field names
 * follow @aws-sdk/client-bedrock-agent-runtime's schemas; a malformed body throws RequestValidationError
 * (answered ValidationException).
 */
import { getRerankModel, LOCAL_RERANK_MODELS, type RerankModelInfo } from '../models/rerank.ts';
import { RequestValidationError } from '../routes/bedrock-parse.ts';
import { validateFilter } from './filter.ts';
import type { SearchOptions } from './knowledge-base.ts';

export interface RetrievalOptions {
  search: SearchOptions;
  rerank?: { model: RerankModelInfo; numberOfRerankedResults?: number };
}

export interface GenerationOptions {
  modelArn: string;
  promptTemplate?: string;
  maxTokens?: number;
  temperature?: number;
  stopSequences?: string[];
}

function _fail(message: string): never {
  throw new RequestValidationError(message);
}

export function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parse a JSON request body into an object. */
export function jsonBody(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    _fail('Malformed input request: request body is not valid JSON');
  }
  if (!isObj(parsed)) _fail('Malformed input request: expected a JSON object');
  return parsed;
}

/** A required non-empty string at `where`. */
export function requireText(v: unknown, where: string): string {
  if (typeof v !== 'string' || !v.trim()) _fail(`${where} must be a non-empty string`);
  return v;
}

function _optObj(v: unknown, where: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) _fail(`${where} must be an object`);
  return v;
}

function _int(v: unknown, where: string, min: number, max: number): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    _fail(`${where} must be an integer between ${min} and ${max}`);
  }
  return v;
}

/** Resolve a rerank model ARN; unknown → ValidationException naming the local ones. */
export function rerankModel(arn: unknown, where: string): RerankModelInfo {
  const model = getRerankModel(requireText(arn, where));
  if (!model) {
    const known = LOCAL_RERANK_MODELS.map((m) => m.id).join(', ');
    _fail(
      `${where}: reranker model ${String(arn)} is not available on the evalgate local backend (has: ${known})`,
    );
  }
  return model;
}

function _rerank(raw: unknown, where: string): RetrievalOptions['rerank'] {
  if (raw === undefined || raw === null) return undefined;
  const r = _optObj(raw, where);
  if (r.type !== 'BEDROCK_RERANKING_MODEL') _fail(`${where}.type must be BEDROCK_RERANKING_MODEL`);
  const b = _optObj(r.bedrockRerankingConfiguration, `${where}.bedrockRerankingConfiguration`);
  const mc = _optObj(b.modelConfiguration, `${where}.bedrockRerankingConfiguration.modelConfiguration`);
  const model = rerankModel(
    mc.modelArn,
    `${where}.bedrockRerankingConfiguration.modelConfiguration.modelArn`,
  );
  const n = _int(
    b.numberOfRerankedResults,
    `${where}.bedrockRerankingConfiguration.numberOfRerankedResults`,
    1,
    100,
  );
  return n === undefined ? { model } : { model, numberOfRerankedResults: n };
}

/** `retrievalConfiguration` of Retrieve / RetrieveAndGenerate. */
export function parseRetrievalConfiguration(
  raw: unknown,
  where = 'retrievalConfiguration',
): RetrievalOptions {
  const rc = _optObj(raw, where);
  if (rc.managedSearchConfiguration !== undefined) {
    _fail(`${where}.managedSearchConfiguration is not supported on the evalgate local backend`);
  }
  const w = `${where}.vectorSearchConfiguration`;
  const v = _optObj(rc.vectorSearchConfiguration, w);
  const numberOfResults = _int(v.numberOfResults, `${w}.numberOfResults`, 1, 100) ?? 5;
  const type = v.overrideSearchType ?? 'SEMANTIC';
  if (type !== 'SEMANTIC' && type !== 'HYBRID') _fail(`${w}.overrideSearchType must be SEMANTIC or HYBRID`);
  const search: SearchOptions = { numberOfResults, searchType: type };
  if (v.filter !== undefined) {
    validateFilter(v.filter, `${w}.filter`);
    search.filter = v.filter;
  }
  const rerank = _rerank(v.rerankingConfiguration, `${w}.rerankingConfiguration`);
  return rerank ? { search, rerank } : { search };
}

/** `knowledgeBaseConfiguration.generationConfiguration` + modelArn. */
export function parseGeneration(kbc: Record<string, unknown>, where: string): GenerationOptions {
  const modelArn = requireText(kbc.modelArn, `${where}.modelArn`);
  const g = _optObj(kbc.generationConfiguration, `${where}.generationConfiguration`);
  const out: GenerationOptions = { modelArn };
  const pt = _optObj(g.promptTemplate, `${where}.generationConfiguration.promptTemplate`);
  if (pt.textPromptTemplate !== undefined) {
    out.promptTemplate = requireText(
      pt.textPromptTemplate,
      `${where}.generationConfiguration.promptTemplate.textPromptTemplate`,
    );
  }
  const wi = `${where}.generationConfiguration.inferenceConfig.textInferenceConfig`;
  const ti = _optObj(
    _optObj(g.inferenceConfig, `${where}.generationConfiguration.inferenceConfig`).textInferenceConfig,
    wi,
  );
  const maxTokens = _int(ti.maxTokens, `${wi}.maxTokens`, 1, 65536);
  if (maxTokens !== undefined) out.maxTokens = maxTokens;
  for (const k of ['temperature', 'topP'] as const) {
    const x = ti[k];
    if (x !== undefined && (typeof x !== 'number' || x < 0 || x > 1))
      _fail(`${wi}.${k} must be a number between 0 and 1`);
  }
  if (typeof ti.temperature === 'number') out.temperature = ti.temperature;
  const stops = ti.stopSequences;
  if (stops !== undefined) {
    if (!Array.isArray(stops) || !stops.every((s) => typeof s === 'string'))
      _fail(`${wi}.stopSequences must be a list of strings`);
    out.stopSequences = stops;
  }
  return out;
}
