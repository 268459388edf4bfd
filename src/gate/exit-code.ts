import type { Verdict } from './types.ts';

/** The process exit code of a verdict: 0 promote, 1 rollback, 2 could not evaluate. Only the CLI calls this. */
export function verdictExitCode(verdict: Pick<Verdict, 'decision'>): 0 | 1 | 2 {
  switch (verdict.decision) {
    case 'promote':
      return 0;
    case 'rollback':
      return 1;
    default:
      return 2;
  }
}
