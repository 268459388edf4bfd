import { BedrockClient } from '@aws-sdk/client-bedrock';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { fromIni } from '@aws-sdk/credential-providers';
import { type Backend, sdkClientOptions } from './backend.ts';

/**
 * One SDK client per (backend, region), shared by every target of a run, so connections are reused.
 * The clients use the SDK's default request handler (HTTP/2 for bedrock-runtime), exactly as on AWS.
 *
 * `maxAttempts` defaults to 1: the runner's own loop (src/runner/retry.ts) is the one retry layer, since the
 * SDK's retry cannot retry a stream cut mid-iteration or our per-request timeout, and stacked layers would
 * multiply attempts and hide throttles from the runner's adaptive concurrency and pacing.
 */
type _WithProfile = ReturnType<typeof sdkClientOptions> & { credentials: ReturnType<typeof fromIni> };

export class ClientPool {
  private readonly runtime = new Map<string, BedrockRuntimeClient>();
  /** Batch inference (src/batch): the Bedrock control plane and S3, with the SDK's own retries (3 attempts). */
  private readonly control = new Map<string, BedrockClient>();
  private readonly s3Clients = new Map<string, S3Client>();
  private readonly agent = new Map<string, BedrockAgentRuntimeClient>();
  private readonly sagemaker = new Map<string, SageMakerRuntimeClient>();
  /** One-time setup steps keyed by name (e.g. registering a local knowledge base), shared by every target. */
  private readonly once = new Map<string, Promise<void>>();

  constructor(
    readonly backend: Backend,
    private readonly maxAttempts = 1,
  ) {}

  bedrockRuntime(region?: string): BedrockRuntimeClient {
    return this._client(this.runtime, region, (o) => new BedrockRuntimeClient(o));
  }

  /** bedrock (control plane): batch inference jobs (CreateModelInvocationJob, GetModelInvocationJob). */
  bedrock(region?: string): BedrockClient {
    return this._client(this.control, region, (o) => new BedrockClient({ ...o, maxAttempts: 3 }));
  }

  /** S3 for batch input/output; on the local backend path-style at `<endpoint>/s3` (src/local/BATCH.md). */
  s3(region?: string): S3Client {
    const local = this.backend.kind === 'local' ? this.backend : undefined;
    return this._client(this.s3Clients, region, (o) =>
      local
        ? new S3Client({ ...o, maxAttempts: 3, endpoint: `${local.endpoint}/s3`, forcePathStyle: true })
        : new S3Client({ ...o, maxAttempts: 3 }),
    );
  }

  /** bedrock-agent-runtime: knowledge base Retrieve / RetrieveAndGenerate, Rerank. */
  bedrockAgentRuntime(region?: string): BedrockAgentRuntimeClient {
    return this._client(this.agent, region, (o) => new BedrockAgentRuntimeClient(o));
  }

  /** sagemaker-runtime: InvokeEndpoint / InvokeEndpointWithResponseStream (HTTP/1.1 by default). */
  sagemakerRuntime(region?: string): SageMakerRuntimeClient {
    return this._client(this.sagemaker, region, (o) => new SageMakerRuntimeClient(o));
  }

  /** Runs `step` once per `key` for the pool's lifetime; later callers share the first call's promise. */
  runOnce(key: string, step: () => Promise<void>): Promise<void> {
    let p = this.once.get(key);
    if (!p) {
      p = step();
      this.once.set(key, p);
      p.catch(() => this.once.delete(key)); // a failed step is tried again by the next caller
    }
    return p;
  }

  destroy(): void {
    for (const client of [
      ...this.runtime.values(),
      ...this.agent.values(),
      ...this.sagemaker.values(),
      ...this.control.values(),
      ...this.s3Clients.values(),
    ])
      client.destroy();
    this.runtime.clear();
    this.control.clear();
    this.s3Clients.clear();
    this.agent.clear();
    this.sagemaker.clear();
  }

  private _client<C>(
    cache: Map<string, C>,
    region: string | undefined,
    build: (options: ReturnType<typeof sdkClientOptions> | _WithProfile) => C,
  ): C {
    const key = region ?? '';
    let client = cache.get(key);
    if (!client) {
      const options = sdkClientOptions(this.backend, region, this.maxAttempts);
      const profile = this.backend.kind === 'aws' ? this.backend.profile : undefined;
      client = build(profile ? { ...options, credentials: fromIni({ profile }) } : options);
      cache.set(key, client);
    }
    return client;
  }
}
