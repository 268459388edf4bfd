/**
 * `evalgate select` as a user runs it: a 3-model suite (nova-micro, nova-lite, nova-pro — different quality and
 * price, src/local/MODELS.md) on the local backend over 40 support questions tagged with a workload tier, then
 * the CLI in child processes. The expected choice is recomputed here from the rows stored in the DuckDB file.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSuites } from '../../src/pipeline/evaluate.ts';
import { bootstrapMeanCi } from '../../src/stats/bootstrap.ts';
import { type Ran, ROOT, runCli } from './_cli.ts';

const SIMPLE = new Set(['plans', 'billing', 'trial', 'sharing']);
const TARGETS = ['nova-micro', 'nova-lite', 'nova-pro'];
const BAR = 0.5;

let dir: string;
let db: string;
let runId: string;
let reportPath: string;
let chosen: Ran;
let nobody: Ran;

function writeFixture(): string {
  const lines = readFileSync(join(ROOT, 'datasets/support.csv'), 'utf8').trimEnd().split('\n').slice(0, 41);
  const rows = lines.map((l, i) =>
    i === 0
      ? `${l},tier`
      : `${l},${SIMPLE.has(l.slice(l.lastIndexOf(',') + 1).trim()) ? 'simple' : 'complex'}`,
  );
  writeFileSync(join(dir, 'questions.csv'), `${rows.join('\n')}\n`);
  const suite = `name: select-e2e
datasets:
  - path: questions.csv
prompt:
  version: 1.0.0
  include:
    policy: ${JSON.stringify(join(ROOT, 'datasets/support-policy.md'))}
  system: |
    You are Acme Cloud Storage's support assistant. Answer only from this policy:
    {{policy}}
  template: |
    Question: {{question}}
targets:
${TARGETS.map((t) => `  - id: ${t}\n    model: amazon.${t}-v1:0\n    concurrency: 4`).join('\n')}
scorers:
  - type: contains
  - type: latency
  - type: cost
select:
  bar:
    - { metric: contains, min: ${BAR} }
  tiers: tier
`;
  const file = join(dir, 'select.yaml');
  writeFileSync(file, suite);
  return file;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evalgate-select-'));
  db = join(dir, 'evalgate.duckdb');
  const res = await evaluateSuites({
    paths: [writeFixture()],
    backend: 'local',
    outDir: dir,
    cache: 'off',
    faults: { latencyScale: 0 },
  });
  runId = res.outcomes[0]?.runId ?? '';
  reportPath = res.outcomes[0]?.reportPath ?? '';
  // the two CLI starts (~3 s each) overlap, each on its own copy of the file (DuckDB locks a file per process)
  const copy = (n: number) => {
    copyFileSync(db, join(dir, `copy${n}.duckdb`));
    return join(dir, `copy${n}.duckdb`);
  };
  [chosen, nobody] = await Promise.all([
    runCli(['select', 'latest', '--suite', 'select-e2e', '--store', copy(1), '--json']),
    runCli(['select', runId, '--db', copy(2), '--bar', 'contains>=0.99']),
  ]);
}, 60_000);

interface Row {
  target_id: string;
  case_id: string;
  tier: string;
  status: string;
  contains: number | null;
  cost: number | null;
}

/** Every call of the run with its contains and cost_usd score, ordered as the store's report read orders them. */
async function storedRows(): Promise<Row[]> {
  const instance = await DuckDBInstance.create(db);
  const conn = await instance.connect();
  try {
    const reader = await conn.runAndReadAll(
      `SELECT c.target_id, c.case_id, c.repeat, json_extract_string(c.vars, '$.tier') AS tier, c.status,
         max(CASE WHEN s.metric = 'contains' THEN s.value END) AS contains,
         max(CASE WHEN s.metric = 'cost_usd' THEN s.value END) AS cost
       FROM case_results c LEFT JOIN scores s
         ON s.run_id = c.run_id AND s.case_id = c.case_id AND s.target_id = c.target_id AND s.repeat = c.repeat
       WHERE c.run_id = $1 GROUP BY ALL ORDER BY c.case_id, c.repeat`,
      [runId],
    );
    return reader.getRowObjectsJS() as unknown as Row[];
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** Cost per 1k cases and the contains interval per target, and the cheapest whose lower bound clears `bar`. */
function expected(rows: readonly Row[], bar: number) {
  const figures = TARGETS.map((t) => {
    const mine = rows.filter((r) => r.target_id === t);
    const costs = mine.map((r) => Number(r.cost));
    return {
      t,
      cost: (costs.reduce((a, b) => a + b, 0) / costs.length) * 1000,
      ci: bootstrapMeanCi(mine.map((r) => (r.status === 'ok' ? Number(r.contains ?? Number.NaN) : 0))),
    };
  }).sort((a, b) => a.cost - b.cost);
  return { figures, pick: figures.find((f) => f.ci.low >= bar)?.t ?? null };
}

describe('evalgate select', () => {
  it('names the cheapest candidate whose lower CI bound clears the suite bar (JSON, exit 0)', async () => {
    expect(chosen.code, chosen.stderr).toBe(0);
    const res = JSON.parse(chosen.stdout);
    const rows = await storedRows();
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.status === 'ok' && r.cost !== null)).toBe(true);
    const exp = expected(rows, BAR);
    expect(res).toMatchObject({ runId, tierColumn: 'tier', seed: 1, resamples: 2000 });
    expect(res.overall.candidates.map((c: { targetId: string }) => c.targetId)).toEqual(
      exp.figures.map((f) => f.t),
    );
    for (const f of exp.figures) {
      const c = res.overall.candidates.find((x: { targetId: string }) => x.targetId === f.t);
      expect(c.costPer1k).toBeCloseTo(f.cost, 9);
      expect(c.metrics.contains.mean).toBeCloseTo(f.ci.mean, 12);
      expect(c.metrics.contains.low).toBeCloseTo(f.ci.low, 12);
      expect(c.clears).toBe(f.ci.low >= BAR);
    }
    // the local models: micro is cheapest but weakest, pro dearest; lite clears 0.5 with confidence here
    expect(exp.figures.map((f) => f.t)).toEqual(['nova-micro', 'nova-lite', 'nova-pro']);
    expect(exp.pick).toBe('nova-lite');
    expect(res.overall.recommended).toBe(exp.pick);
    // per tier: the same procedure over the tier's cases
    expect(res.tiers.map((t: { scope: string }) => t.scope)).toEqual(['complex', 'simple']);
    for (const tier of res.tiers) {
      const e = expected(
        rows.filter((r) => r.tier === tier.scope),
        BAR,
      );
      expect(tier.recommended).toBe(e.pick);
    }
  });

  it('prints the ranked table and "recommended: none" with exit 1 when nobody clears the bar', () => {
    expect(nobody.code, nobody.stderr).toBe(1);
    const lines = nobody.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Select from run ${runId}: 3 candidate(s), 40 case(s)`);
    expect(lines.find((l) => l.startsWith('#  candidate'))).toMatch(
      /cost\/1k cases\s+p50\s+p99\s+contains\s+clears$/,
    );
    expect(lines.at(-1)).toMatch(/^recommended: none — no candidate clears the bar/);
    // --bar replaces the suite's bar; the suite's tier column still applies
    expect(nobody.stdout).toContain('contains >= 0.99');
    expect(nobody.stdout).toContain('Tier simple (');
  });

  it('the run report draws the quality-cost Pareto frontier', () => {
    const html = readFileSync(reportPath, 'utf8');
    const section = html.slice(
      html.indexOf('<section id="pareto">'),
      html.indexOf('</section>', html.indexOf('<section id="pareto">')),
    );
    expect(section).toContain('Mean contains vs cost per 1,000 cases');
    expect(section.match(/<circle /g)?.length).toBe(6); // 3 candidates × (cost, latency)
    // nova-pro has the highest mean and nova-micro the lowest cost: both are on the cost frontier
    expect(section).toMatch(/<code>nova-pro<\/code><\/td>(<td[^>]*>[^<]*<\/td>){3}<td>yes<\/td>/);
    expect(section).toMatch(/<code>nova-micro<\/code><\/td>(<td[^>]*>[^<]*<\/td>){3}<td>yes<\/td>/);
  });
});
