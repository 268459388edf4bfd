import { describe, expect, it } from 'vitest';
import { mdCell, renderMarkdownReport } from './markdown.ts';
import { renderJsonReport, renderReport } from './render.ts';
import { fixtureResults, fixtureSource, fixtureVerdict } from './reporters.fixture.ts';
import type { ReportSource } from './view-model.ts';

describe('mdCell', () => {
  it('keeps a cell on one line with Markdown and HTML specials escaped, controls dropped, and truncates', () => {
    expect(mdCell('a|b\n<i>*x*</i> [l](u) `c` & d\\')).toBe(
      'a\\|b &lt;i&gt;\\*x\\*&lt;/i&gt; \\[l\\](u) \\`c\\` &amp; d\\\\',
    );
    expect(mdCell('a\u0001b\u001bc')).toBe('abc');
    expect(mdCell('abcdefghij', 5)).toBe('abcd…');
  });
});

describe('renderMarkdownReport', () => {
  it('summarises verdict, rules, targets and failing cases', async () => {
    const md = await renderMarkdownReport(fixtureSource, 'r1', { verdict: fixtureVerdict });
    expect(md).toBe(`## evalgate: qa

run \`r1\`, backend local, prompt 1.2.0, status completed

**Verdict: ROLLBACK** for candidate \`lite\`

rollback: 2 of 3 rules failed for "lite": contains pass\\_rate = 0.5 &lt; min 0.8; latency\\_ms p99 = 3500 &gt; max 3000

| Rule | Actual | Min | Max | n | Result |
| --- | --- | --- | --- | --- | --- |
| contains.pass\\_rate | 50.0% | 80.0% |  | 2 | FAIL |
| latency\\_ms.p99 | 3,500 ms |  | 3,000 ms | 2 | FAIL |
| error\\_rate.value | 33.3% |  | 50.0% | 3 | pass |

### Targets

| Target | Model | Cases | Calls | Errors | contains | Latency p50 | Latency p99 | Cost |
| --- | --- | --- | --- | --- | --- | --- | --- | --- |
| lite | amazon.nova-lite-v1:0 | 3 | 3 | 1 (33.3%) | 0.5 (50.0% pass) | 1,200 ms | 3,500 ms | $0.002 |
| pro | amazon.nova-pro-v1:0 | 1 | 1 | 0 (0.0%) | – | 900 ms | 900 ms | no price |

### Failing cases

#### lite: 2 of 3 calls failing

| Case | Repeat | Problem |
| --- | --- | --- |
| c2 | 0 | contains = 0 (fail): missing &lt;b&gt; &amp; "x" \\]\\]&gt; end; latency\\_ms = 3,500 ms &gt; max 3,000 ms (latency\\_ms.p99) |
| c3 | 0 | ThrottlingException: Rate &lt;exceeded&gt; &amp; "slow" |

#### pro: 0 of 1 calls failing
`);
    expect(md).not.toMatch(/https?:|\]\(/);
  });

  it('says NO GATE without a verdict and shows scorer metrics on the scoreboard', async () => {
    const md = await renderMarkdownReport(fixtureSource, 'r1');
    expect(md).toContain('**Verdict: NO GATE** (the suite has no gate policy)');
    expect(md).toContain(
      '| lite | amazon.nova-lite-v1:0 | 3 | 3 | 1 (33.3%) | 0.5 (50.0% pass) | 0.4 | 1,200 ms | 3,500 ms | $0.002 |',
    );
  });

  it('lists at most topFailing calls per target, most problems first, and counts the rest', async () => {
    const many: ReportSource = {
      ...fixtureSource,
      listResults: async () => [
        ...fixtureResults,
        ...['c4', 'c5', 'c6'].map((id) => ({ ...fixtureResults[2]!, caseId: id })),
      ],
    };
    const md = await renderMarkdownReport(many, 'r1', { verdict: fixtureVerdict, topFailing: 2 });
    const section = md.slice(md.indexOf('#### lite'), md.indexOf('#### pro'));
    expect(section.split('\n').filter((l) => l.startsWith('| c'))).toEqual([
      '| c2 | 0 | contains = 0 (fail): missing &lt;b&gt; &amp; "x" \\]\\]&gt; end; latency\\_ms = 3,500 ms &gt; max 3,000 ms (latency\\_ms.p99) |',
      '| c3 | 0 | ThrottlingException: Rate &lt;exceeded&gt; &amp; "slow" |',
    ]);
    expect(section).toContain('#### lite: 5 of 6 calls failing');
    expect(section).toContain('and 3 more');
  });
});

describe('renderJsonReport', () => {
  it('holds the run, verdict, summaries and every result with its scores, without request and raw', async () => {
    const doc = JSON.parse(await renderJsonReport(fixtureSource, 'r1', { verdict: fixtureVerdict }));
    expect(doc.run.runId).toBe('r1');
    expect(doc.run.startedAt).toBe('2025-03-01T10:00:00.000Z');
    expect(doc.verdict.decision).toBe('rollback');
    expect(doc.targets.map((t: { targetId: string }) => t.targetId)).toEqual(['lite', 'pro']);
    expect(doc.cases).toHaveLength(4);
    expect(doc.cases[0].request).toBeUndefined();
    expect(doc.cases[0].raw).toBeUndefined();
    expect(doc.cases[0].scores).toEqual([
      { metric: 'contains', value: 1, pass: true, reason: 'found "Paris"' },
      { metric: 'faithfulness', value: 0.4, pass: null, reason: null },
    ]);
    expect(doc.cases[3].scores).toEqual([]);
  });

  it('dispatches by format', async () => {
    expect(await renderReport('markdown', fixtureSource, 'r1')).toMatch(/^## evalgate: qa\n/);
    expect(await renderReport('junit', fixtureSource, 'r1')).toMatch(/^<\?xml /);
    expect(JSON.parse(await renderReport('json', fixtureSource, 'r1')).verdict).toBeNull();
  });
});
