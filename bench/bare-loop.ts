/**
 * The baseline: a bare loop of ConverseCommand calls with `concurrency` in flight, sending the requests the
 * suite renders — and nothing else (no rendering, scoring, storing or bookkeeping). The BedrockRuntimeClient
 * is built by the runner's own ClientPool, so both sides always use the same client options.
 */
import { ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { ClientPool } from '../src/targets/clients.ts';
import { SYSTEM, userPrompt } from './_fixtures.ts';
import { localBackend } from './_util.ts';

export interface BareResult {
  ok: number;
  errors: number;
  ms: number;
  /** CPU time of this process during the loop, ms. */
  cpuMs: number;
}

export async function bareSdkLoop(
  endpoint: string,
  cases: number,
  concurrency: number,
  modelId = 'amazon.nova-micro-v1:0',
): Promise<BareResult> {
  const pool = new ClientPool(localBackend(endpoint));
  const client = pool.bedrockRuntime();
  let next = 0;
  let ok = 0;
  let errors = 0;
  const lane = async (): Promise<void> => {
    while (next < cases) {
      const n = next++;
      try {
        await client.send(
          new ConverseCommand({
            modelId,
            system: [{ text: SYSTEM }],
            messages: [{ role: 'user', content: [{ text: userPrompt(n) }] }],
            inferenceConfig: { maxTokens: 200, temperature: 0 },
          }),
        );
        ok++;
      } catch {
        errors++;
      }
    }
  };
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    await Promise.all(Array.from({ length: concurrency }, lane));
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { ok, errors, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    pool.destroy();
  }
}
