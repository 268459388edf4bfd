/**
 * What the suites call on AWS, read from the loaded suites (never written by hand): every Bedrock model id
 * (walking targets, scorers and prompts generically for `model` / `modelId` string fields, so a new target kind
 * with a nested model is covered), Bedrock Prompt Management prompt ARNs, guardrails, knowledge bases and
 * SageMaker endpoints. `arns.ts` turns the result into IAM statements.
 *
 * Skip rule: a model id that is not an ARN and contains `/` is evalgate's own candidate name (`guardrail/…`,
 * `knowledge-base/…`, `sagemaker/…`, `router/…`, `rag-pipeline/…`), never a Bedrock model id; the resources
 * behind it come from the target's own block (guardrail, knowledgeBase, endpoint, router tiers). Any other id
 * that is neither `provider.model…`, an inference profile id (`us.`, `eu.`, …) nor an ARN cannot exist on AWS
 * and is skipped too. Skipped ids are listed with the reason.
 */
import type { Suite } from '../../src/config/schema.ts';

/** How one model (or model ARN) is called: InvokeModel (Converse, InvokeModel) and/or the streaming form. */
export interface ModelUse {
  id: string;
  /** The target's `region`, when it names one (else the stack's region). */
  region?: string;
  invoke: boolean;
  stream: boolean;
}

export interface PromptUse {
  arn: string;
  invoke: boolean;
  stream: boolean;
}

export interface GuardrailUse {
  id: string;
  region?: string;
}

export interface KnowledgeBaseUse {
  id: string;
  region?: string;
  /** Called through RetrieveAndGenerate too (not only Retrieve). */
  generate: boolean;
}

export interface EndpointUse {
  name: string;
  region?: string;
  invoke: boolean;
  stream: boolean;
  /** Production variants the suites pin (TargetVariant), in the order first seen. */
  variants: string[];
}

export interface SkippedId {
  id: string;
  /** `suite file: targets[i].path` */
  where: string;
  why: string;
}

export interface SuiteResources {
  models: ModelUse[];
  prompts: PromptUse[];
  guardrails: GuardrailUse[];
  knowledgeBases: KnowledgeBaseUse[];
  endpoints: EndpointUse[];
  /** Regions (undefined = the stack's) of knowledge bases called through RetrieveAndGenerate. */
  retrieveAndGenerateRegions: (string | undefined)[];
  /** Regions (undefined = the stack's) where the Rerank API is called (knowledgeBase.rerank or rag.rerank). */
  rerankRegions: (string | undefined)[];
  skipped: SkippedId[];
}

/** What the collector needs of a loaded suite (`LoadedSuite` from src/config/load-suite.ts fits). */
export interface SuiteSource {
  displayPath: string;
  suite: Suite;
}

const STREAM_APIS = new Set(['converse-stream', 'invoke-stream', 'sagemaker-stream']);
const MODEL_KEYS = new Set(['model', 'modelId']);
/** Geography prefixes of system-defined cross-region inference profiles. */
export const PROFILE_PREFIX_RE = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(?=[a-z0-9-]+\.)/;
const FOUNDATION_RE = /^[a-z0-9-]+\.[A-Za-z0-9.:_-]+$/;

export type ModelIdKind = 'arn' | 'profile' | 'foundation-model' | 'skip';

/** Which kind of Bedrock identifier `id` is, and why it is skipped when it is. */
export function classifyModelId(id: string): { kind: ModelIdKind; why?: string } {
  if (id.startsWith('arn:')) return { kind: 'arn' };
  if (id.includes('/'))
    return {
      kind: 'skip',
      why: "evalgate's own candidate name, not a Bedrock model (its resources come from the target's own block)",
    };
  if (PROFILE_PREFIX_RE.test(id)) return { kind: 'profile' };
  if (FOUNDATION_RE.test(id)) return { kind: 'foundation-model' };
  return { kind: 'skip', why: 'not a Bedrock model id (provider.model, an inference profile id or an ARN)' };
}

class _Collector {
  readonly models = new Map<string, ModelUse>();
  readonly prompts = new Map<string, PromptUse>();
  readonly guardrails = new Map<string, GuardrailUse>();
  readonly kbs = new Map<string, KnowledgeBaseUse>();
  readonly endpoints = new Map<string, EndpointUse>();
  readonly ragRegions = new Set<string | undefined>();
  readonly rerankRegions = new Set<string | undefined>();
  readonly skipped: SkippedId[] = [];

  model(id: string, region: string | undefined, stream: boolean, where: string): void {
    const c = classifyModelId(id);
    if (c.kind === 'skip') {
      this.skipped.push({ id, where, why: c.why ?? '' });
      return;
    }
    // an ARN carries its own region
    const r = c.kind === 'arn' ? undefined : region;
    const key = `${r ?? ''}|${id}`;
    const use = this.models.get(key) ?? { id, ...(r ? { region: r } : {}), invoke: false, stream: false };
    if (stream) use.stream = true;
    else use.invoke = true;
    this.models.set(key, use);
  }

  prompt(arn: string, stream: boolean): void {
    const use = this.prompts.get(arn) ?? { arn, invoke: false, stream: false };
    if (stream) use.stream = true;
    else use.invoke = true;
    this.prompts.set(arn, use);
  }
}

/** Every string under a `model`/`modelId` key of `value`, with its dotted path. */
function _walkModels(value: unknown, path: string, out: { path: string; id: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      _walkModels(v, `${path}[${i}]`, out);
    });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (MODEL_KEYS.has(k) && typeof v === 'string') out.push({ path: p, id: v });
    else _walkModels(v, p, out);
  }
}

function _target(c: _Collector, file: string, t: Suite['targets'][number], i: number): void {
  const region = t.region;
  const stream = STREAM_APIS.has(t.api);
  const found: { path: string; id: string }[] = [];
  _walkModels(t, '', found);
  for (const { path, id } of found) {
    // only the target's own model is called through the streaming api; nested models (embeddings, rerankers,
    // router tiers, classifiers) are plain calls
    c.model(id, region, stream && path === 'model', `${file}: targets[${i}].${path}`);
  }
  if (t.managedPrompt) c.prompt(t.managedPrompt.arn, stream);
  if (t.guardrail)
    c.guardrails.set(`${region ?? ''}|${t.guardrail.id}`, {
      id: t.guardrail.id,
      ...(region ? { region } : {}),
    });
  if (t.knowledgeBase) {
    const key = `${region ?? ''}|${t.knowledgeBase.id}`;
    const generate = t.api === 'kb-retrieve-and-generate' || (c.kbs.get(key)?.generate ?? false);
    c.kbs.set(key, { id: t.knowledgeBase.id, ...(region ? { region } : {}), generate });
    if (t.api === 'kb-retrieve-and-generate') c.ragRegions.add(region);
    if (t.knowledgeBase.rerank) c.rerankRegions.add(region);
  }
  if (t.rag?.rerank) c.rerankRegions.add(region);
  if (t.endpoint) {
    const key = `${region ?? ''}|${t.endpoint.name}`;
    const use = c.endpoints.get(key) ?? {
      name: t.endpoint.name,
      ...(region ? { region } : {}),
      invoke: false,
      stream: false,
      variants: [],
    };
    if (stream) use.stream = true;
    else use.invoke = true;
    const variant = t.endpoint.variant;
    if (variant && !use.variants.includes(variant)) use.variants.push(variant);
    c.endpoints.set(key, use);
  }
}

/** Collects what the suites call; deterministic (sorted) output. */
export function collectSuiteResources(suites: readonly SuiteSource[]): SuiteResources {
  const c = new _Collector();
  for (const { displayPath: file, suite } of suites) {
    suite.targets.forEach((t, i) => {
      _target(c, file, t, i);
    });
    suite.scorers.forEach((s, i) => {
      const found: { path: string; id: string }[] = [];
      _walkModels(s, '', found);
      for (const { path, id } of found) c.model(id, undefined, false, `${file}: scorers[${i}].${path}`);
    });
    // a managed prompt version is called only by the targets crossed with it (`managedPrompt`, above)
  }
  const byKey = <T>(m: Map<string, T>) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, v]) => v);
  const regions = (s: Set<string | undefined>) => [...s].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  return {
    models: byKey(c.models),
    prompts: byKey(c.prompts),
    guardrails: byKey(c.guardrails),
    knowledgeBases: byKey(c.kbs),
    endpoints: byKey(c.endpoints),
    retrieveAndGenerateRegions: regions(c.ragRegions),
    rerankRegions: regions(c.rerankRegions),
    skipped: c.skipped,
  };
}
