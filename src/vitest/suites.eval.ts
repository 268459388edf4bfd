/**
 * `pnpm test:eval`: each suite in suites/ (or EVALGATE_SUITES) runs as a vitest `describe`, with one test for
 * the run itself and one per gate rule, so a failing gate fails the command. Set EVALGATE_BACKEND=aws to run
 * the same suites against Amazon Bedrock.
 */
import { describe, expect, it } from 'vitest';
import { discoverSuites } from '../pipeline/discover.ts';
import { evaluateSuites } from '../pipeline/evaluate.ts';

const backend = process.env.EVALGATE_BACKEND === 'aws' ? 'aws' : 'local';
const files = await discoverSuites((process.env.EVALGATE_SUITES ?? 'suites').split(','));

for (const file of files) {
  describe(file, async () => {
    const { outcomes } = await evaluateSuites({
      paths: [file],
      backend,
      region: process.env.AWS_REGION,
      outDir: process.env.EVALGATE_OUT ?? 'out',
      log: (line) => console.log(line),
    });
    const outcome = outcomes[0]!;

    it(`runs every case (${outcome.counts.calls} calls; report ${outcome.reportPath})`, () => {
      expect(outcome.counts.calls).toBeGreaterThan(0);
      expect(outcome.counts.calls).toBe(outcome.counts.ok + outcome.counts.errors);
    });

    for (const rule of outcome.verdict?.rules ?? []) {
      it(`gate: ${rule.message}`, () => {
        expect(rule.pass, rule.message).toBe(true);
      });
    }
    if (outcome.verdict) {
      it(`gate verdict is promote (${outcome.verdict.summary})`, () => {
        expect(outcome.verdict?.decision).toBe('promote');
      });
    }
  });
}
