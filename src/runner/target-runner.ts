/**
 * A way to run one target's calls other than one request per call (e.g. Bedrock batch inference, src/batch):
 * runSuite keeps all the bookkeeping (run record, counts, progress, batched writes, resume, baselines) and hands
 * the target's calls to the runner, which must report every call through `onResult` exactly once (an error as
 * an error result, never dropped). A runner returns undefined to leave a target to the normal path.
 */
import type { SuiteTarget } from '../config/schema.ts';
import type { CaseResult, EvalCase, Target, TargetRequest, TargetResponse } from '../core/types.ts';
import type { PlannedCall } from '../plan/plan.ts';
import type { ExecuteDeps } from './execute.ts';

export interface TargetRunContext {
  runId: string;
  spec: SuiteTarget;
  target: Target;
  /** What executeCall needs for this target (scorers, score context with prices, error hooks, retry, gate). */
  deps: ExecuteDeps;
  /** The target's calls (each case × repeat, without those a resumed run stored), streamed anew per call. */
  calls(): AsyncIterable<PlannedCall>;
  /** Renders one case's request for this target. */
  render(evalCase: EvalCase): TargetRequest;
  /** Other targets' answers for a case and repeat (pairwise baselines), when there are any. */
  others(caseId: string, repeat: number): Record<string, TargetResponse> | undefined;
  /** Counts, ticks the progress bar and stores one result. */
  onResult(result: CaseResult): Promise<void>;
  note(line: string): void;
}

export type TargetRunner = (ctx: TargetRunContext) => Promise<void> | undefined;
