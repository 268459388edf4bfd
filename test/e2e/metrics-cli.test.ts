/**
 * `evalgate metrics` on test/fixtures/trec/{qrels.txt, run.txt}, every printed value checked against a hand
 * computation. The pair has: a score tie (q1: d1 and d2 at 0.8 → d2 first, docno descending), rank columns that
 * disagree with the scores (q2's x, q10), a duplicate line (q2 b, refused unless --dedupe), graded judgments
 * (q1, q10), relevant docs never retrieved (q1 d9, q2 e), a judged query with no relevant doc (q3), a run query
 * without judgments (q5, skipped) and a judged query absent from the run (q4, skipped; counted only with -c).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from './_cli.ts';

const cli = (...args: string[]) => runCli(['metrics', ...args]);
const qrels = 'test/fixtures/trec/qrels.txt';
const runFile = 'test/fixtures/trec/run.txt';

/*
 * Hand computation (relevant = rel >= 1; gain = rel; discount log2(rank + 1); l2(3) = 1.584963, l2(5) = 2.321928).
 * q1  ranked d3(0) d2(2) d1(1) d4(-) d5(1); num_rel 4 (d1 d2 d5 d9); ideal gains [3 2 1 1]
 *     P_1 0  P_5 3/5 = .6  P_10 .3  recall_5 = recall_10 = 3/4  success_1 0  success_5 1  recip_rank 1/2
 *     map (1/2 + 2/3 + 3/5) / 4 = 1.766667 / 4 = .441667
 *     ndcg_cut_3 = (2/l2(3) + 1/2) / (3 + 2/l2(3) + 1/2) = 1.761860 / 4.761860 = .369994
 *     ndcg_cut_10 = (2/l2(3) + 1/2 + 1/l2(6)) / (3 + 2/l2(3) + 1/2 + 1/l2(5))
 *                 = (1.261860 + .5 + .386853) / (3 + 1.261860 + .5 + .430677) = 2.148712 / 5.192536 = .413808
 * q10 ranked m1(2) m2(0) (score 5 beats 4; the rank column says otherwise); num_rel 1
 *     P_1 1  P_5 .2  P_10 .1  recall 1  success 1  recip_rank 1  map 1  ndcg 2/2 = 1
 * q2  (--dedupe keeps b at 1.0) ranked x(-) a(1) b(1); num_rel 3 (a b e)
 *     P_1 0  P_5 .4  P_10 .2  recall 2/3  success_1 0  success_5 1  recip_rank .5  map (1/2 + 2/3) / 3 = .388889
 *     ndcg_cut_3 = ndcg_cut_10 = (1/l2(3) + 1/2) / (1 + 1/l2(3) + 1/2) = 1.130930 / 2.130930 = .530721
 * q3  judged (x 0) but nothing relevant: every measure 0, and it counts in `all`.
 * all = sum / 4: map 1.830556/4 = .457639; recip_rank 2/4; P_1 .25; P_5 1.2/4 = .3; P_10 .15;
 *     recall (3/4 + 1 + 2/3)/4 = .604167; ndcg_cut_3 1.900715/4 = .475179; ndcg_cut_10 1.944529/4 = .486132;
 *     success_1 .25; success_5 .75
 */
const PER_QUERY: Record<string, Record<string, string>> = {
  q1: row('0.4417 0.5000 0.0000 0.6000 0.3000 0.7500 0.7500 0.3700 0.4138 0.0000 1.0000'),
  q10: row('1.0000 1.0000 1.0000 0.2000 0.1000 1.0000 1.0000 1.0000 1.0000 1.0000 1.0000'),
  q2: row('0.3889 0.5000 0.0000 0.4000 0.2000 0.6667 0.6667 0.5307 0.5307 0.0000 1.0000'),
  q3: row('0.0000 0.0000 0.0000 0.0000 0.0000 0.0000 0.0000 0.0000 0.0000 0.0000 0.0000'),
  all: row('0.4576 0.5000 0.2500 0.3000 0.1500 0.6042 0.6042 0.4752 0.4861 0.2500 0.7500'),
};

/** Values in trec_eval's print order: map, recip_rank, P, recall, ndcg_cut, success. */
function row(values: string): Record<string, string> {
  const keys = [
    'map',
    'recip_rank',
    'P_1',
    'P_5',
    'P_10',
    'recall_5',
    'recall_10',
    'ndcg_cut_3',
    'ndcg_cut_10',
  ];
  const all = [...keys, 'success_1', 'success_5'];
  const v = values.split(' ');
  return Object.fromEntries(all.map((k, i) => [k, v[i] ?? '']));
}

const MEASURES = ['-m', 'P.1,5,10', '-m', 'recall.5,10', '-m', 'recip_rank', '-m', 'ndcg_cut.10,3'];

// Each spawn loads the whole CLI (~2 s); the tests and their spawns run concurrently.
describe.concurrent('evalgate metrics', () => {
  it('prints trec_eval lines per query (-q) and `all`, in trec_eval order, equal to the hand computation', async () => {
    const r = await cli(
      '--qrels',
      qrels,
      '--run',
      runFile,
      ...MEASURES,
      '-m',
      'map',
      '--measure',
      'success.5,1',
      '-q',
      '--dedupe',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('--dedupe dropped 1 duplicate line(s)');
    const expected = Object.entries(PER_QUERY).flatMap(([query, values]) =>
      Object.entries(values).map(([measure, value]) => `${measure.padEnd(22)}\t${query}\t${value}`),
    );
    expect(r.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('without -q prints only `all`; -c divides by the 5 judged queries (q4 adds 0)', async () => {
    const complete = await cli(
      '--qrels',
      qrels,
      '--run',
      runFile,
      '-m',
      'P.5',
      '-m',
      'map',
      '--dedupe',
      '-c',
    );
    // map 1.830556 / 5 = .366111; P_5 1.2 / 5 = .24 (without -c: / 4, as in the first test)
    expect(complete.stdout).toBe(
      'map                   \tall\t0.3661\nP_5                   \tall\t0.2400\n',
    );
  });

  // Malformed qrels/run lines and bad measures have their one-line messages unit-tested in
  // src/scorers/retrieval/trec.test.ts; here: that they reach the user as one line and exit 2.
  it('exit 2 with one line on bad input: a duplicate docno (as trec_eval), a bad measure', async () => {
    const [dup, measure] = await Promise.all([
      cli('--qrels', qrels, '--run', runFile, '-m', 'map'),
      cli('--qrels', qrels, '--run', runFile, '-m', 'map', '-m', 'P.5,5'),
    ]);
    expect(dup.code).toBe(2);
    expect(dup.stdout).toBe('');
    expect(dup.stderr).toBe(
      `evalgate: ${runFile}:9: expected each docno once per query; q2 b is also at line 7 ` +
        '(trec_eval refuses duplicate docs; --dedupe keeps the higher-scored line)\n',
    );
    expect(measure.code).toBe(2);
    expect(measure.stderr).toBe('evalgate: -m P.5,5: expected distinct cutoffs; 5 is repeated\n');
  });
});
