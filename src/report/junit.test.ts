import { describe, expect, it } from 'vitest';
import { checkCases, gatedMetrics } from './case-checks.ts';
import { renderJunitReport, xmlEscape } from './junit.ts';
import { fixtureResults, fixtureScores, fixtureSource, fixtureVerdict } from './reporters.fixture.ts';

const PROPS = (model: string) => `    <properties>
      <property name="run_id" value="r1"/>
      <property name="suite" value="qa"/>
      <property name="backend" value="local"/>
      <property name="prompt_version" value="1.2.0"/>
      <property name="verdict" value="rollback"/>
      <property name="model_id" value="${model}"/>
    </properties>`;
const NASTY_X = 'missing &lt;b&gt; &amp; &quot;x&quot; ]]&gt; \\u0001 end';
const THROTTLE = (m: string) => `    <testcase classname="qa.lite" name="c3 [0] ${m}" time="0.02">
      <error message="ThrottlingException: Rate &lt;exceeded&gt; &amp; &quot;slow&quot;" type="ThrottlingException">Rate &lt;exceeded&gt; &amp; &quot;slow&quot;</error>
    </testcase>`;

describe('xmlEscape', () => {
  it('escapes markup, quotes, CDATA ends, whitespace in attributes and characters XML cannot carry', () => {
    expect(xmlEscape(`<a href="x">&'`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
    expect(xmlEscape('x]]>y')).toBe('x]]&gt;y');
    expect(xmlEscape('a\tb\nc\rd')).toBe('a&#9;b&#10;c&#13;d');
    expect(xmlEscape('\u0000\u0008\u001b\u007f\uffff')).toBe('\\u0000\\u0008\\u001b\\u007f\\uffff');
    // a lone surrogate is replaced; a valid pair (emoji) is kept
    expect(xmlEscape('a\ud800b\udc00c 😀')).toBe('a\\ud800b\\udc00c 😀');
  });
});

describe('case checks', () => {
  it('takes one entry per gated metric with the per-case bounds (pass_rate has none)', () => {
    expect(gatedMetrics(fixtureVerdict, fixtureScores)).toEqual([
      { metric: 'contains', bounds: [] },
      { metric: 'latency_ms', bounds: [{ ruleId: 'latency_ms.p99', max: 3000 }] },
      { metric: 'error_rate', bounds: [{ ruleId: 'error_rate.value', max: 0.5 }] },
    ]);
    expect(gatedMetrics(undefined, fixtureScores).map((m) => m.metric)).toEqual(['contains', 'faithfulness']);
  });

  it('fails below a min when the score has no pass/fail', () => {
    const checks = checkCases(fixtureResults.slice(0, 1), fixtureScores, [
      { metric: 'faithfulness', bounds: [{ ruleId: 'faithfulness.mean', min: 0.7 }] },
    ]);
    expect(checks.map((c) => [c.outcome, c.message])).toEqual([
      ['fail', 'faithfulness = 0.4 < min 0.7 (faithfulness.mean)'],
    ]);
  });
});

describe('renderJunitReport', () => {
  it('writes one test case per case × gated metric, grouped by target, with counts and properties', async () => {
    const xml = await renderJunitReport(fixtureSource, 'r1', { verdict: fixtureVerdict });
    expect(xml).toBe(`<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="evalgate qa r1" tests="12" failures="2" errors="3" skipped="1" time="16.86">
  <testsuite name="qa.lite" tests="9" failures="2" errors="3" skipped="0" time="14.16" timestamp="2025-03-01T10:00:00">
${PROPS('amazon.nova-lite-v1:0')}
    <testcase classname="qa.lite" name="c1 [0] contains" time="1.2"/>
    <testcase classname="qa.lite" name="c1 [0] latency_ms" time="1.2"/>
    <testcase classname="qa.lite" name="c1 [0] error_rate" time="1.2"/>
    <testcase classname="qa.lite" name="c2 [0] contains" time="3.5">
      <failure message="contains = 0 (fail): ${NASTY_X}" type="contains">${NASTY_X}</failure>
    </testcase>
    <testcase classname="qa.lite" name="c2 [0] latency_ms" time="3.5">
      <failure message="latency_ms = 3,500 ms &gt; max 3,000 ms (latency_ms.p99)" type="latency_ms"></failure>
    </testcase>
    <testcase classname="qa.lite" name="c2 [0] error_rate" time="3.5"/>
${THROTTLE('contains')}
${THROTTLE('latency_ms')}
${THROTTLE('error_rate')}
  </testsuite>
  <testsuite name="qa.pro" tests="3" failures="0" errors="0" skipped="1" time="2.7" timestamp="2025-03-01T10:00:00">
${PROPS('amazon.nova-pro-v1:0')}
    <testcase classname="qa.pro" name="c1 [0] contains" time="0.9">
      <skipped message="no contains value for this case"/>
    </testcase>
    <testcase classname="qa.pro" name="c1 [0] latency_ms" time="0.9"/>
    <testcase classname="qa.pro" name="c1 [0] error_rate" time="0.9"/>
  </testsuite>
</testsuites>
`);
    // nothing unescaped from the nasty reason survives, and no raw control character is emitted
    expect(xml).not.toContain('<b>');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting no raw control character is emitted
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it('without a verdict tests every scored metric and has no verdict property', async () => {
    const xml = await renderJunitReport(fixtureSource, 'r1');
    expect(xml).toContain('<testsuites name="evalgate qa r1" tests="8" failures="1" errors="2" skipped="3"');
    expect([...xml.matchAll(/name="(c\d \[0\] \w+)"/g)].map((m) => m[1])).toEqual([
      'c1 [0] contains',
      'c1 [0] faithfulness',
      'c2 [0] contains',
      'c2 [0] faithfulness',
      'c3 [0] contains',
      'c3 [0] faithfulness',
      'c1 [0] contains',
      'c1 [0] faithfulness',
    ]);
    expect(xml).not.toContain('name="verdict"');
  });

  it('fails on an unknown run with one line', async () => {
    await expect(renderJunitReport(fixtureSource, 'nope')).rejects.toThrow(
      'run "nope" not found in the store',
    );
  });
});
