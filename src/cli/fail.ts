import { EvalgateError } from '../core/errors.ts';

/** Exit codes: 0 promote / success, 1 rollback, 2 could not evaluate (bad input, missing run, crash). */
export const EXIT = { ok: 0, rollback: 1, cannotEvaluate: 2 } as const;

/** Runs a command body; a known error prints as its one-line message, anything else with its stack. */
export async function guard(body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (err) {
    if (err instanceof EvalgateError) {
      process.stderr.write(`evalgate: ${err.message}\n`);
    } else {
      process.stderr.write(`evalgate: unexpected error: ${(err as Error)?.stack ?? String(err)}\n`);
    }
    process.exitCode = EXIT.cannotEvaluate;
  }
}
