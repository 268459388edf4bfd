/**
 * Everything between a validated load profile and its step results: the backend (a local one only when the
 * profile needs it), the target's requests, the TCP pre-flight (before any traffic), and the generator.
 */

import { runHttpStep } from '../../load/http-generator.ts';
import { planHttpLoad } from '../../load/http-requests.ts';
import { type PreparedLlmTarget, prepareLlmTarget, runLlmStep } from '../../load/llm-generator.ts';
import { addressOf, preflightTcp } from '../../load/preflight.ts';
import type { LoadedProfile } from '../../load/profile.ts';
import type { LoadRunResult, StepResult, StepSpec } from '../../load/types.ts';
import { type BackendChoice, openBackend } from '../../pipeline/backend.ts';
import { ClientPool } from '../../targets/clients.ts';

export interface PreparedLoad {
  target: LoadRunResult['target'];
  /** Runs the steps in order; `onStep` sees each result as it lands. */
  run(steps: readonly StepSpec[], onStep: (r: StepResult, i: number) => void): Promise<StepResult[]>;
  close(): Promise<void>;
}

/** Prepares the profile's target; throws a one-line EvalgateError (and starts nothing) when it cannot. */
export async function prepareLoad(loaded: LoadedProfile, choice: BackendChoice): Promise<PreparedLoad> {
  const { profile } = loaded;
  const http = profile.target.http;
  if (http) {
    const needsLocal = http.url.startsWith('local:') && choice.backend === 'local';
    const opened = needsLocal ? await openBackend(choice) : undefined;
    try {
      const localBaseUrl = opened?.backend.kind === 'local' ? opened.backend.endpoint : undefined;
      const plan = await planHttpLoad(loaded, localBaseUrl === undefined ? {} : { localBaseUrl });
      return {
        target: { kind: 'http', id: `${plan.method} ${plan.url}`, url: plan.url },
        run: (steps, onStep) => _sequential(steps, (s) => runHttpStep(plan, s), onStep),
        close: async () => opened?.close(),
      };
    } catch (err) {
      await opened?.close();
      throw err;
    }
  }
  const ref = profile.target.suiteTarget;
  if (!ref) throw new Error('unreachable: the profile schema requires one target');
  const opened = await openBackend(choice);
  const clients = new ClientPool(opened.backend);
  const close = async () => {
    clients.destroy();
    await opened.close();
  };
  try {
    // Local: check the endpoint before anything (preparing a SageMaker target registers it with the backend).
    if (opened.backend.kind === 'local') {
      await preflightTcp(addressOf(opened.backend.endpoint), loaded.displayPath);
    }
    const target = await prepareLlmTarget(ref, clients, { baseDir: loaded.dir });
    if (opened.backend.kind === 'aws') await preflightTcp(_awsAddress(target, choice), loaded.displayPath);
    const cursor = { next: 0 };
    return {
      target: {
        kind: target.api,
        id: target.id,
        ...(opened.backend.kind === 'local' ? { url: opened.backend.endpoint } : {}),
      },
      run: (steps, onStep) => _sequential(steps, (s) => runLlmStep(target, s, {}, cursor), onStep),
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** The regional service host an SDK target connects to (TCP pre-flight only; nothing is sent). */
function _awsAddress(target: PreparedLlmTarget, choice: BackendChoice): { host: string; port: number } {
  const spec = target.spec as { region?: string };
  const region = spec.region ?? choice.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const service = target.api === 'sagemaker-stream' ? 'runtime.sagemaker' : 'bedrock-runtime';
  return { host: `${service}.${region}.amazonaws.com`, port: 443 };
}

async function _sequential(
  steps: readonly StepSpec[],
  runStep: (s: StepSpec) => Promise<StepResult>,
  onStep: (r: StepResult, i: number) => void,
): Promise<StepResult[]> {
  const out: StepResult[] = [];
  for (const [i, spec] of steps.entries()) {
    const r = await runStep(spec);
    out.push(r);
    onStep(r, i);
  }
  return out;
}
