/** JUnit XML for CI test tabs: one <testcase> per case × repeat × gated metric, one <testsuite> per target. */
import { EvalgateError } from '../core/errors.ts';
import type { Verdict } from '../gate/types.ts';
import type { RunRecord, StoredCaseResult } from '../store/types.ts';
import { type CaseCheck, checkCases, gatedMetrics } from './case-checks.ts';
import type { ReportSource } from './view-model.ts';

export interface JunitOptions {
  verdict?: Verdict;
}

/**
 * XML 1.0 text/attribute escaping: the five special characters as entities; characters XML cannot carry
 * (C0 controls other than tab/newline/return, U+FFFE/U+FFFF, lone surrogates) become visible `\uXXXX`.
 * Newlines, tabs and returns become character references so attributes keep them.
 */
export function xmlEscape(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the characters XML cannot carry is the point
    /[&<>"'\t\n\r\u0000-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => {
      switch (c) {
        case '&':
          return '&amp;';
        case '<':
          return '&lt;';
        case '>':
          return '&gt;';
        case '"':
          return '&quot;';
        case "'":
          return '&apos;';
        case '\t':
          return '&#9;';
        case '\n':
          return '&#10;';
        case '\r':
          return '&#13;';
        default:
          return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      }
    },
  );
}

const _attrs = (pairs: [string, string | number][]) =>
  pairs.map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`).join('');

/** Seconds with at most three decimals (`1.5`, `0.02`). */
const _secs = (ms: number) => String(Math.round(ms) / 1000);

function _testcase(c: CaseCheck, classname: string): string {
  const head = `    <testcase${_attrs([
    ['classname', classname],
    ['name', `${c.caseId} [${c.repeat}] ${c.metric}`],
    ['time', _secs(c.latencyMs ?? 0)],
  ])}`;
  if (c.outcome === 'pass') return `${head}/>`;
  const body =
    c.outcome === 'error'
      ? `<error${_attrs([
          ['message', c.message],
          ['type', c.errorClass],
        ])}>${xmlEscape(c.detail)}</error>`
      : c.outcome === 'fail'
        ? `<failure${_attrs([
            ['message', c.message],
            ['type', c.metric],
          ])}>${xmlEscape(c.detail)}</failure>`
        : `<skipped${_attrs([['message', c.message]])}/>`;
  return `${head}>\n      ${body}\n    </testcase>`;
}

function _counts(checks: readonly CaseCheck[]) {
  const n = (o: CaseCheck['outcome']) => checks.filter((c) => c.outcome === o).length;
  const ms = checks.reduce((a, c) => a + Math.round(c.latencyMs ?? 0), 0);
  return [
    ['tests', checks.length],
    ['failures', n('fail')],
    ['errors', n('error')],
    ['skipped', n('skipped')],
    ['time', _secs(ms)],
  ] as [string, number | string][];
}

/** Target ids in suite order, then any others that have results. */
function _targetOrder(run: RunRecord, results: readonly StoredCaseResult[]): string[] {
  const ids = run.targets.map((t) => t.id);
  for (const r of results) if (!ids.includes(r.targetId)) ids.push(r.targetId);
  return ids.filter((id) => results.some((r) => r.targetId === id));
}

/** The JUnit XML document of one run (metrics: the verdict's rule metrics, else every scored metric). */
export async function renderJunitReport(
  source: ReportSource,
  runId: string,
  opts: JunitOptions = {},
): Promise<string> {
  const run = await source.getRun(runId);
  if (!run) throw new EvalgateError('STORE', `run "${runId}" not found in the store`);
  const results = await source.listResults(runId);
  const scores = await source.listScores(runId);
  const checks = checkCases(results, scores, gatedMetrics(opts.verdict, scores));
  const props: [string, string][] = [
    ['run_id', run.runId],
    ['suite', run.suiteName],
    ['backend', run.backend],
    ['prompt_version', run.promptVersion ?? ''],
  ];
  if (opts.verdict) props.push(['verdict', opts.verdict.decision]);
  const timestamp = run.startedAt.toISOString().slice(0, 19);
  const suites = _targetOrder(run, results).map((targetId) => {
    const mine = checks.filter((c) => c.targetId === targetId);
    const classname = `${run.suiteName}.${targetId}`;
    const model = run.targets.find((t) => t.id === targetId)?.modelId;
    const p = model ? [...props, ['model_id', model] as [string, string]] : props;
    return [
      `  <testsuite${_attrs([['name', classname], ..._counts(mine), ['timestamp', timestamp]])}>`,
      '    <properties>',
      ...p.map(
        ([k, v]) =>
          `      <property${_attrs([
            ['name', k],
            ['value', v],
          ])}/>`,
      ),
      '    </properties>',
      ...mine.map((c) => _testcase(c, classname)),
      '  </testsuite>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${_attrs([['name', `evalgate ${run.suiteName} ${run.runId}`], ..._counts(checks)])}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}
