import type { CaseResult, EvalCase, ScoreContext, Scorer, Target, TargetRequest } from '../core/types.ts';
import { classifyError } from './errors.ts';

export interface ExecuteDeps {
  runId: string;
  target: Target;
  scorers: readonly Scorer[];
  timeoutMs: number;
  scoreContext: ScoreContext;
  /** Called when a scorer throws: the case keeps its other scores, the failure is reported, not hidden. */
  onScorerError?: (scorer: Scorer, evalCase: EvalCase, err: unknown) => void;
}

/** Renders and sends one request with a timeout and scores the response. Never throws: failures become error results. */
export async function executeCall(
  evalCase: EvalCase,
  repeat: number,
  render: () => TargetRequest,
  deps: ExecuteDeps,
): Promise<CaseResult> {
  const startedAt = new Date();
  const started = performance.now();
  const base = {
    runId: deps.runId,
    caseId: evalCase.id,
    targetId: deps.target.id,
    repeat,
    request: { prompt: '' } as TargetRequest,
    vars: evalCase.vars,
    expected: evalCase.expected,
    startedAt,
  };
  try {
    base.request = render();
  } catch (err) {
    const errorMessage = String((err as Error)?.message ?? err).replace(/\s*\n\s*/g, ' ');
    return {
      ...base,
      outcome: { status: 'error', errorClass: 'TemplateError', errorMessage, latencyMs: 0, attempts: 0 },
    };
  }
  const timeout = AbortSignal.timeout(deps.timeoutMs);
  try {
    const response = await deps.target.invoke(base.request, timeout);
    const scores = [];
    for (const scorer of deps.scorers) {
      try {
        scores.push(...(await scorer.score(evalCase, response, deps.scoreContext)));
      } catch (err) {
        deps.onScorerError?.(scorer, evalCase, err);
      }
    }
    return { ...base, outcome: { status: 'ok', response, scores } };
  } catch (err) {
    const classified = classifyError(err, timeout.aborted);
    return {
      ...base,
      outcome: { status: 'error', ...classified, latencyMs: performance.now() - started },
    };
  }
}
