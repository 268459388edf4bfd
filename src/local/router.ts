/**
 * A tiny router: each API family (bedrock-runtime, admin, later sagemaker / bedrock-agent-runtime) is one
 * file exporting `Route[]`. Patterns match the raw path; `{name}` segments arrive percent-decoded.
 */
import type { BatchJobRegistry } from './batch/jobs.ts';
import type { ObjectStore } from './batch/object-store.ts';
import type { FaultConfig, FaultInjector } from './faults.ts';
import type { GuardrailRegistry } from './guardrails/registry.ts';
import type { Req, Res } from './http-util.ts';
import type { KnowledgeBaseRegistry } from './kb/registry.ts';
import type { PromptRegistry } from './prompts/registry.ts';
import type { EndpointRegistry } from './sagemaker/registry.ts';
import type { StatsCollector } from './stats.ts';

/** Shared state every route sees. */
export interface BackendState {
  faults: FaultInjector;
  stats: StatsCollector;
  /** Local knowledge bases served by bedrock-agent-runtime Retrieve / RetrieveAndGenerate. */
  knowledgeBases: KnowledgeBaseRegistry;
  /** Local guardrails served by ApplyGuardrail and Converse `guardrailConfig`. */
  guardrails: GuardrailRegistry;
  /** Local SageMaker endpoints served by sagemaker-runtime InvokeEndpoint(WithResponseStream). */
  endpoints: EndpointRegistry;
  /** Local Bedrock Prompt Management prompt versions served by Converse with a prompt ARN as modelId. */
  prompts: PromptRegistry;
  /** The S3 stand-in (routes/s3.ts) batch jobs read their input from and write their output to. */
  objects: ObjectStore;
  /** Bedrock batch inference jobs (routes/bedrock-batch.ts, BATCH.md). */
  batchJobs: BatchJobRegistry;
  setFaults(f: FaultConfig): void;
}

export interface RouteContext {
  req: Req;
  res: Res;
  params: Record<string, string>;
  state: BackendState;
  /** `h1` or `h2`. */
  protocol: string;
  /** Aborts when the client goes away. */
  signal: AbortSignal;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** e.g. `/model/{modelId}/converse`; a last `{name+}` segment matches the rest of the path (S3 keys). */
  path: string;
  handle(ctx: RouteContext): Promise<void>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function _compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)(\+?)\}$/.exec(seg);
      if (!m?.[1]) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return m[2] ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}/?$`), names };
}

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(routes: Route[]): this {
    for (const r of routes) this.routes.push(_compile(r));
    return this;
  }

  /** The matching route and its decoded params; `methodMismatch` when only the method differs. */
  match(
    method: string,
    rawPath: string,
  ): { route: Route; params: Record<string, string> } | { route: undefined; methodMismatch: boolean } {
    let methodMismatch = false;
    for (const c of this.routes) {
      const m = c.regex.exec(rawPath);
      if (!m) continue;
      if (c.route.method !== method) {
        methodMismatch = true;
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route: c.route, params };
    }
    return { route: undefined, methodMismatch };
  }
}
