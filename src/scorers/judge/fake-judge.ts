/** Test helper: a scripted judge Target and a JudgeProvider around it (no network). */
import type { Target, TargetRequest, TargetResponse } from '../../core/types.ts';
import type { JudgeProvider, ScorerEnv } from '../types.ts';

export interface FakeJudge {
  provider: JudgeProvider;
  /** Every request, with the sample index of the Target that received it. */
  requests: Array<{ sample: number; request: TargetRequest }>;
}

/** `reply(prompt, sample, callIndex)` returns the reply text, or throws to simulate a failed call. */
export function fakeJudge(reply: (prompt: string, sample: number, call: number) => string): FakeJudge {
  const requests: FakeJudge['requests'] = [];
  const provider: JudgeProvider = (spec) => {
    const sample = spec.sample ?? 0;
    const target: Target = {
      id: `judge#${sample}`,
      kind: 'fake',
      modelId: spec.model,
      async invoke(request): Promise<TargetResponse> {
        requests.push({ sample, request });
        const text = reply(request.prompt, sample, requests.length - 1);
        return {
          text,
          usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 },
          timing: { latencyMs: 5 },
        };
      },
    };
    return target;
  };
  return { provider, requests };
}

export function fakeEnv(judge: FakeJudge): ScorerEnv {
  return { baseDir: '.', where: 'suites/x.yaml', judge: judge.provider };
}
