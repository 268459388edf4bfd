import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
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
export class ClientPool {
  private readonly bedrock = new Map<string, BedrockRuntimeClient>();

  constructor(
    readonly backend: Backend,
    private readonly maxAttempts = 1,
  ) {}

  bedrockRuntime(region?: string): BedrockRuntimeClient {
    const key = region ?? '';
    let client = this.bedrock.get(key);
    if (!client) {
      const options = sdkClientOptions(this.backend, region, this.maxAttempts);
      const profile = this.backend.kind === 'aws' ? this.backend.profile : undefined;
      client = new BedrockRuntimeClient(
        profile ? { ...options, credentials: fromIni({ profile }) } : options,
      );
      this.bedrock.set(key, client);
    }
    return client;
  }

  destroy(): void {
    for (const client of this.bedrock.values()) client.destroy();
    this.bedrock.clear();
  }
}
