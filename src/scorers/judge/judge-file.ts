/**
 * The judge file format: `judges/<name>/judge.yaml` (task, description, and per version the criteria, scale and
 * anchors) next to one Handlebars template per version, `judges/<name>/<version>.hbs`. See judges/README.md.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { EvalgateError } from '../../core/errors.ts';

export const JUDGE_TASKS = [
  'rubric',
  'correctness',
  'pairwise',
  'faithfulness',
  'answer-relevance',
  'context-precision',
  'context-recall',
] as const;
export type JudgeTask = (typeof JUDGE_TASKS)[number];

/** Tasks whose verdict is a score on the version's scale. */
export const SCALED_TASKS: ReadonlySet<JudgeTask> = new Set(['rubric', 'correctness', 'answer-relevance']);

const VERSION = /^\d+(\.\d+){0,2}$/;

const versionSchema = z.strictObject({
  criteria: z.string().min(1).optional(),
  scale: z
    .strictObject({ min: z.number().int(), max: z.number().int() })
    .refine((s) => s.max > s.min, 'max must be greater than min')
    .optional(),
  anchors: z
    .record(z.string().regex(/^-?\d+$/, 'anchor keys are integer scores'), z.string().min(1))
    .optional(),
  template: z.string().optional(),
});

const fileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -'),
  task: z.enum(JUDGE_TASKS),
  description: z.string().min(1),
  versions: z.record(z.string().regex(VERSION, 'a version such as 1.0.0'), versionSchema),
});

export type JudgeFile = z.infer<typeof fileSchema>;
export type JudgeVersion = z.infer<typeof versionSchema>;

/** Compare two dotted versions numerically (1.10 > 1.9). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function _where(file: string, text: string, path: readonly PropertyKey[]): string {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true) as
      | { range?: [number, number, number] }
      | undefined;
    if (node?.range) {
      const pos = counter.linePos(node.range[0]);
      return `${file}:${pos.line}:${pos.col}`;
    }
  }
  return file;
}

/** Semantic checks a schema cannot express: a scaled task needs a scale and one anchor per score. */
function _check(file: JudgeFile): { path: PropertyKey[]; message: string } | undefined {
  if (Object.keys(file.versions).length === 0)
    return { path: ['versions'], message: 'needs at least one version' };
  for (const [version, v] of Object.entries(file.versions)) {
    if (file.task === 'rubric' && v.criteria === undefined)
      return { path: ['versions', version], message: 'a rubric judge needs criteria' };
    if (!SCALED_TASKS.has(file.task)) continue;
    if (v.scale === undefined)
      return { path: ['versions', version], message: `a ${file.task} judge needs scale: { min, max }` };
    const keys = Object.keys(v.anchors ?? {}).map(Number);
    for (let s = v.scale.min; s <= v.scale.max; s++) {
      if (!keys.includes(s))
        return { path: ['versions', version, 'anchors'], message: `needs an anchor for score ${s}` };
    }
    const outside = keys.find((k) => k < v.scale!.min || k > v.scale!.max);
    if (outside !== undefined)
      return { path: ['versions', version, 'anchors', String(outside)], message: 'anchor outside the scale' };
  }
  return undefined;
}

/** Parse and validate a judge.yaml text; errors are one line naming `file:line:col`. */
export function parseJudgeFile(file: string, text: string, dirName: string): JudgeFile {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0];
    const where = line ? `${file}:${line.line}:${line.col}` : file;
    throw new EvalgateError('CONFIG_YAML', e.message.split('\n')[0] ?? 'invalid YAML', where);
  }
  const parsed = fileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path ?? [];
    const key = path.map(String).join('.');
    throw new EvalgateError(
      'CONFIG_SCHEMA',
      `${key ? `${key}: ` : ''}${issue?.message ?? 'invalid judge file'}`,
      _where(file, text, path),
    );
  }
  if (parsed.data.name !== dirName) {
    throw new EvalgateError(
      'CONFIG_SCHEMA',
      `name: "${parsed.data.name}" must equal its folder name "${dirName}"`,
      _where(file, text, ['name']),
    );
  }
  const problem = _check(parsed.data);
  if (problem) {
    const key = problem.path.map(String).join('.');
    throw new EvalgateError('CONFIG_SCHEMA', `${key}: ${problem.message}`, _where(file, text, problem.path));
  }
  return parsed.data;
}
