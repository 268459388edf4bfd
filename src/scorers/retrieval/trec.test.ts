import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeasure, parseMeasures, readQrels, readRun } from './trec.ts';
import { formatTrecRows, trecEval } from './trec-eval.ts';

const dir = mkdtempSync(join(tmpdir(), 'evalgate-trec-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const fixtures = join(import.meta.dirname, '../../../test/fixtures/trec');

describe('measure syntax', () => {
  it('parses cutoffs (sorted), bare names with trec_eval defaults, and cutoff-free measures', () => {
    expect(parseMeasure('P.10,5')).toEqual({ name: 'P', cutoffs: [5, 10] });
    expect(parseMeasure('P')).toEqual({ name: 'P', cutoffs: [5, 10, 15, 20, 30, 100, 200, 500, 1000] });
    expect(parseMeasure('success')).toEqual({ name: 'success', cutoffs: [1, 5, 10] });
    expect(parseMeasure('ndcg_cut.10')).toEqual({ name: 'ndcg_cut', cutoffs: [10] });
    expect(parseMeasure('map')).toEqual({ name: 'map' });
    expect(parseMeasure('recip_rank')).toEqual({ name: 'recip_rank' });
  });

  it('refuses unknown measures, bad or repeated cutoffs, and a measure given twice — one line each', () => {
    expect(() => parseMeasure('ndcg.5')).toThrow(/^-m ndcg\.5: expected a measure among P, recall/);
    expect(() => parseMeasure('P.0')).toThrow('-m P.0: expected positive integer cutoffs, got "0"');
    expect(() => parseMeasure('P.5,x')).toThrow('got "x"');
    expect(() => parseMeasure('P.5,5')).toThrow('expected distinct cutoffs; 5 is repeated');
    expect(() => parseMeasure('map.5')).toThrow('expected no cutoffs: map takes none');
    expect(() => parseMeasures(['P.5', 'map', 'P.10'])).toThrow(
      '-m P.10: expected each measure once; P was already given as "P.5"',
    );
  });
});

describe('TREC files', () => {
  it('reads qrels and runs, skipping blank and # lines; the rank column is kept out', async () => {
    const q = await readQrels(file('q.txt', '# judged\nq1 0 a 2\n\nq1 0 b 0\nq2 0 a -1\n'));
    expect([...q.keys()]).toEqual(['q1', 'q2']);
    expect([...(q.get('q1') ?? [])]).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    const r = await readRun(file('r.txt', 'q1 Q0 a 7 1.5 tag extra fields\nq1 Q0 b 1 -2e-1 tag\n'));
    expect(r.queries.get('q1')).toEqual([
      { docId: 'a', score: 1.5, line: 1 },
      { docId: 'b', score: -0.2, line: 2 },
    ]);
  });

  it('names the file and line of a malformed line', async () => {
    await expect(readQrels(file('q3.txt', 'q1 0 a 1\nq1 0 b\n'))).rejects.toThrow(
      /q3\.txt:2: expected 4 fields "qid iter docno rel", got 3$/,
    );
    await expect(readQrels(file('q4.txt', 'q1 0 a high\n'))).rejects.toThrow(
      'q4.txt:1: expected an integer relevance, got "high"',
    );
    await expect(readQrels(file('q5.txt', 'q1 0 a 1\nq1 0 a 2\n'))).rejects.toThrow(
      'q5.txt:2: expected one judgment per query and docno; q1 a was judged at line 1',
    );
    await expect(readRun(file('r3.txt', 'q1 Q0 a 1 x tag\n'))).rejects.toThrow(
      'r3.txt:1: expected a numeric score in field 5, got "x"',
    );
    await expect(readRun(file('r4.txt', 'q1 Q0 a 1 0.5\n'))).rejects.toThrow('r4.txt:1: expected 6 fields');
    await expect(readRun(join(dir, 'missing.txt'))).rejects.toThrow('missing.txt: cannot read: no such file');
  });

  it('refuses a duplicate docno like trec_eval; --dedupe keeps the higher-scored line', async () => {
    const path = file('dup.txt', 'q1 Q0 a 1 0.5 t\nq1 Q0 b 2 0.7 t\nq1 Q0 a 3 0.9 t\nq2 Q0 a 1 0.1 t\n');
    await expect(readRun(path)).rejects.toThrow(
      'dup.txt:3: expected each docno once per query; q1 a is also at line 1',
    );
    const run = await readRun(path, { dedupe: true });
    expect(run.dropped).toBe(1);
    expect(run.queries.get('q1')).toEqual([
      { docId: 'a', score: 0.9, line: 3 },
      { docId: 'b', score: 0.7, line: 2 },
    ]);
  });
});

describe('trecEval over the fixture pair', () => {
  it('-c averages over every judged query (q4, absent from the run, adds 0; q5 has no judgments)', async () => {
    const qrels = await readQrels(join(fixtures, 'qrels.txt'));
    const run = await readRun(join(fixtures, 'run-unique.txt'));
    const rows = trecEval(qrels, run, parseMeasures(['P.5', 'map']), { complete: true });
    // Evaluated: q1, q10, q2, q3 (test/e2e/metrics-cli.test.ts has the per-query values).
    // P_5 sum = 0.6 + 0.2 + 0.4 + 0 = 1.2 → / 5 judged queries = 0.24 (without -c: / 4 = 0.30).
    // map sum = 0.441667 + 1 + 0.388889 + 0 = 1.830556 → / 5 = 0.366111.
    expect(formatTrecRows(rows)).toBe(
      'map                   \tall\t0.3661\nP_5                   \tall\t0.2400\n',
    );
    const plain = trecEval(qrels, run, parseMeasures(['P.5']));
    expect(plain).toEqual([{ measure: 'P_5', query: 'all', value: expect.closeTo(0.3, 12) }]);
  });

  it('refuses a run with no judged query', async () => {
    const qrels = await readQrels(file('q9.txt', 'q1 0 a 1\n'));
    const run = await readRun(file('r9.txt', 'q2 Q0 a 1 1 t\n'));
    expect(() => trecEval(qrels, run, parseMeasures(['map']))).toThrow(
      'no query has both results in the run and judgments in the qrels',
    );
  });
});
