/**
 * Sweeps: a target's `sweep:` (dotted path → values) expands into one target per combination (cartesian product,
 * first path outermost, at most MAX_SWEEP_COMBINATIONS). Each combination is the target as written with those
 * values set, validated again by the target schema, with a deterministic id `<id>.<label><value>…`
 * (`rag-fixed.size200.topK3`): label = the path's last segment, or as many trailing segments as make it unique
 * among the sweep's paths (`embeddingModel`); a value starting with a letter is joined with `-`
 * (`rag-fixed.mode-hybrid`); characters outside [A-Za-z0-9_-] become `_` (dots) or `-`. Expanded targets carry
 * `sweepOf` (the written id) and `params` (path → value) for the report.
 */
import { z } from 'zod';
import { formatPath, type IssuePath, type SuiteIssue, suiteErrorMap } from './issues.ts';
import {
  MAX_SWEEP_COMBINATIONS,
  type Suite,
  type SuiteTarget,
  type SweepValue,
  TargetSchema,
} from './schema.ts';

export interface SweepExpansion {
  suite: Suite;
  /** For each target of the expanded suite, the index (in the file) of the target it came from. */
  origins: number[];
  issues: SuiteIssue[];
}

type _Json = {
  type?: unknown;
  properties?: Record<string, _Json>;
  anyOf?: _Json[];
  oneOf?: _Json[];
  allOf?: _Json[];
};

let _targetJson: _Json | undefined;

function _properties(node: _Json): Record<string, _Json> {
  const out: Record<string, _Json> = { ...node.properties };
  for (const sub of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])])
    Object.assign(out, _properties(sub));
  return out;
}

/** Why `path` cannot be swept, or undefined when it names a scalar field of the target schema. */
export function sweepPathProblem(path: string): string | undefined {
  const segs = path.split('.');
  if (segs[0] === 'id' || segs[0] === 'sweep') return `"${segs[0]}" cannot be swept`;
  _targetJson ??= z.toJSONSchema(TargetSchema, { io: 'input', unrepresentable: 'any' }) as _Json;
  let node = _targetJson;
  for (const [i, seg] of segs.entries()) {
    const props = _properties(node);
    const next = props[seg];
    if (!next) {
      const where = i === 0 ? 'a target' : segs.slice(0, i).join('.');
      return `"${path}" is not a field of the target schema (${where} has: ${Object.keys(props).join(', ')})`;
    }
    node = next;
  }
  const types = [node.type, ...[...(node.anyOf ?? []), ...(node.oneOf ?? [])].map((n) => n.type)];
  if (Object.keys(_properties(node)).length > 0 || types.includes('object'))
    return `"${path}" is a mapping; sweep the fields inside it`;
  if (types.includes('array')) return `"${path}" is a list; sweep values must be single values`;
  return undefined;
}

/** Labels of the swept paths (see the header). */
export function sweepLabels(paths: readonly string[]): string[] {
  const split = paths.map((p) => p.split('.'));
  return split.map((segs, i) => {
    let k = 1;
    const suffix = (s: string[], n: number) => s.slice(-n).join('.');
    while (
      k < segs.length &&
      split.some((o, j) => j !== i && o.length >= k && suffix(o, k) === suffix(segs, k))
    )
      k++;
    return segs
      .slice(-k)
      .map((s, n) => (n === 0 ? s : s[0]?.toUpperCase() + s.slice(1)))
      .join('');
  });
}

function _valueLabel(v: SweepValue): string {
  const s = String(v)
    .replace(/\./g, '_')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  return /^[A-Za-z]/.test(s) ? `-${s}` : s;
}

/** The id of one combination: `<id>.<label><value>` per path, in the sweep's order. */
export function sweepTargetId(id: string, labels: readonly string[], values: readonly SweepValue[]): string {
  return [id, ...labels.map((l, i) => `${l}${_valueLabel(values[i] as SweepValue)}`)].join('.');
}

function _combinations(lists: readonly (readonly SweepValue[])[]): SweepValue[][] {
  return lists.reduce<SweepValue[][]>((acc, list) => acc.flatMap((c) => list.map((v) => [...c, v])), [[]]);
}

function _set(obj: Record<string, unknown>, path: string, value: SweepValue): void {
  const segs = path.split('.');
  let node = obj;
  for (const seg of segs.slice(0, -1)) {
    const next = node[seg];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[seg] = {};
    node = node[seg] as Record<string, unknown>;
  }
  node[segs[segs.length - 1] as string] = value;
}

function _expandOne(t: SuiteTarget, i: number, raw: unknown, issues: SuiteIssue[]): SuiteTarget[] {
  const sweep = t.sweep ?? {};
  const paths = Object.keys(sweep);
  const at = (p?: string): IssuePath =>
    p === undefined ? ['targets', i, 'sweep'] : ['targets', i, 'sweep', p];
  const fail = (message: string, p?: string, key = false) => {
    issues.push({
      path: at(p),
      message: `target "${t.id}": ${message}`,
      code: 'CONFIG_SCHEMA',
      at: key ? 'key' : 'value',
    });
    return [];
  };
  for (const p of paths) {
    const problem = sweepPathProblem(p);
    if (problem) return fail(`sweep path ${problem}`, p, true);
    const values = sweep[p] ?? [];
    const dup = values.find((v, j) => values.indexOf(v) !== j);
    if (dup !== undefined) return fail(`sweep path "${p}" lists ${JSON.stringify(dup)} twice`, p);
  }
  const lists = paths.map((p) => sweep[p] ?? []);
  const total = lists.reduce((n, l) => n * l.length, 1);
  if (total > MAX_SWEEP_COMBINATIONS) {
    return fail(`sweep expands into ${total} combinations, at most ${MAX_SWEEP_COMBINATIONS} allowed`);
  }
  const labels = sweepLabels(paths);
  const out: SuiteTarget[] = [];
  for (const values of _combinations(lists)) {
    const copy = structuredClone(raw) as Record<string, unknown>;
    delete copy.sweep;
    copy.id = sweepTargetId(t.id, labels, values);
    for (const [j, p] of paths.entries()) _set(copy, p, values[j] as SweepValue);
    const parsed = TargetSchema.safeParse(copy, { error: suiteErrorMap });
    const combo = paths.map((p, j) => `${p}=${JSON.stringify(values[j])}`).join(', ');
    if (!parsed.success) {
      const iss = parsed.error.issues[0];
      const where = formatPath((iss?.path ?? []).filter((s): s is string | number => typeof s !== 'symbol'));
      return fail(`sweep combination ${combo}: ${where}: ${iss?.message ?? 'invalid'}`);
    }
    out.push({
      ...parsed.data,
      sweepOf: t.id,
      params: Object.fromEntries(paths.map((p, j) => [p, values[j] as SweepValue])),
    });
  }
  return out;
}

/** Expand every target's sweep (after schema validation; `rawTargets` = the document's `targets` as written). */
export function expandSweeps(suite: Suite, rawTargets: unknown): SweepExpansion {
  const issues: SuiteIssue[] = [];
  const targets: SuiteTarget[] = [];
  const origins: number[] = [];
  const raws = Array.isArray(rawTargets) ? rawTargets : [];
  suite.targets.forEach((t, i) => {
    const expanded = t.sweep ? _expandOne(t, i, raws[i], issues) : [t];
    for (const e of expanded) {
      targets.push(e);
      origins.push(i);
    }
  });
  const seen = new Set(suite.targets.filter((t) => !t.sweep).map((t) => t.id));
  targets.forEach((t, j) => {
    if (t.sweepOf === undefined) return;
    if (seen.has(t.id)) {
      const message = `target "${t.sweepOf}": sweep target id "${t.id}" is already taken (target ids must be unique)`;
      issues.push({ path: ['targets', origins[j] as number, 'sweep'], message, code: 'CONFIG_SCHEMA' });
    }
    seen.add(t.id);
  });
  return { suite: { ...suite, targets }, origins, issues };
}

/** Point issues about expanded targets (`targets[j]…`) at the target written in the file (`targets[origin]…`). */
export function remapTargetIssues(issues: readonly SuiteIssue[], origins: readonly number[]): SuiteIssue[] {
  const map = (p: IssuePath | undefined): IssuePath | undefined =>
    p && p[0] === 'targets' && typeof p[1] === 'number'
      ? ['targets', origins[p[1]] ?? p[1], ...p.slice(2)]
      : p;
  return issues.map((iss) => {
    const display = map(iss.display);
    return { ...iss, path: map(iss.path) ?? iss.path, ...(display ? { display } : {}) };
  });
}
