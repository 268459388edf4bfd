/**
 * `pnpm test:eval`: each suite in suites/ (or EVALGATE_SUITES) runs as a vitest `describe`, with one test for
 * the run itself and one per gate rule, so a failing gate fails the command. Set EVALGATE_BACKEND=aws to run
 * the same suites against Amazon Bedrock. On a pull request, EVALGATE_BASELINE_DB=<main's DuckDB file> adds a
 * comparison with main's run of each suite (both prompt versions named): one test per gated quality metric of
 * the gate's candidate, failing when the paired 95 % CI of branch − main falls below −EVALGATE_BASELINE_MARGIN
 * (default 0.05).
 */
import { describe, expect, it } from 'vitest';
import { compareWithBaselineStore } from '../pipeline/baseline-store.ts';
import { discoverSuites } from '../pipeline/discover.ts';
import { evaluateSuites } from '../pipeline/evaluate.ts';

const backend = process.env.EVALGATE_BACKEND === 'aws' ? 'aws' : 'local';
const files = await discoverSuites((process.env.EVALGATE_SUITES ?? 'suites').split(','));
const baselineDb = process.env.EVALGATE_BASELINE_DB;
const margin = Number(process.env.EVALGATE_BASELINE_MARGIN ?? '0.05');

for (const file of files) {
  describe(file, async () => {
    const { outcomes, dbPath } = await evaluateSuites({
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
    if (baselineDb) {
      const vs = await compareWithBaselineStore({
        baselineDb,
        candidateDb: dbPath,
        runId: outcome.runId,
        suiteName: outcome.suite,
      });
      it(`has a baseline run on main (${baselineDb})`, () => {
        expect(vs, `no run of ${outcome.suite} in ${baselineDb}`).toBeDefined();
      });
      const candidate = outcome.verdict?.candidate;
      const gated = new Set(outcome.verdict?.rules.map((r) => r.metric) ?? []);
      for (const t of vs?.comparison.targets ?? []) {
        if (candidate && t.candidateTarget !== candidate) continue;
        const prompts = `prompt ${vs?.baselinePrompts[t.baselineTarget]} → ${vs?.candidatePrompts[t.candidateTarget]}`;
        for (const m of t.metrics) {
          if (m.lowerIsBetter || (gated.size > 0 && !gated.has(m.metric)) || m.n === 0) continue;
          const what = `${t.candidateTarget} ${m.metric} vs main's run ${vs?.baselineRunId} (${prompts})`;
          it(`${what}: branch − main ${m.diff.mean.toFixed(3)} [${m.diff.low.toFixed(3)}, ${m.diff.high.toFixed(3)}] (n=${m.n})`, () => {
            expect(m.diff.low, `${what}: CI low below −${margin}`).toBeGreaterThan(-margin);
          });
        }
      }
    }
    if (outcome.verdict) {
      it(`gate verdict is promote (${outcome.verdict.summary})`, () => {
        expect(outcome.verdict?.decision).toBe('promote');
      });
    }
  });
}
