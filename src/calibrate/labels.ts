/**
 * Loading a human-labelled calibration file (JSONL, one item per line; datasets/judge-labels/README.md). Every
 * item has `id`, `answer` and `label`; which label and which other fields depend on the judge's label kind:
 * - `scale` (rubric, correctness, answer-relevance): label an integer 1..5;
 * - `fraction` (faithfulness): label in 0..1 (supported claims / claims) and a `context`;
 * - `preference` (pairwise): label `A`, `B` or `tie`, with `answer` = A and `answer_b` = B.
 * correctness needs `expected`, answer-relevance needs `question`. A bad row fails with one line naming the file
 * and line.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EvalgateError } from '../core/errors.ts';

export const CALIBRATED_JUDGES = [
  'faithfulness',
  'answer-relevance',
  'correctness',
  'rubric',
  'pairwise',
] as const;
export type CalibratedJudge = (typeof CALIBRATED_JUDGES)[number];

export type LabelKind = 'scale' | 'fraction' | 'preference';
export type Preference = 'A' | 'B' | 'tie';

export function labelKindOf(judge: CalibratedJudge): LabelKind {
  if (judge === 'faithfulness') return 'fraction';
  if (judge === 'pairwise') return 'preference';
  return 'scale';
}

/** The ordinal scale of `scale` labels. */
export const SCALE = [1, 2, 3, 4, 5] as const;

export interface LabelledItem {
  id: string;
  /** 1-based line number in the labels file. */
  line: number;
  answer: string;
  /** `answer_b` of a pairwise item (the baseline's answer). */
  answerB?: string;
  question?: string;
  expected?: string;
  context?: string | string[];
  label: number | Preference;
}

export interface LabelsFile {
  /** The path as given. */
  file: string;
  sha256: string;
  kind: LabelKind;
  items: LabelledItem[];
}

const text = z.string().min(1);
const base = {
  id: text,
  answer: z.string(),
  question: text.optional(),
  expected: text.optional(),
  context: z.union([text, z.array(text).min(1)]).optional(),
};
const LABEL: Record<LabelKind, z.ZodType> = {
  scale: z.number().int().min(1).max(5),
  fraction: z.number().min(0).max(1),
  preference: z.enum(['A', 'B', 'tie']),
};

function _need(
  judge: CalibratedJudge,
): Partial<Record<'question' | 'expected' | 'context' | 'answer_b', true>> {
  if (judge === 'faithfulness') return { context: true };
  if (judge === 'pairwise') return { answer_b: true };
  if (judge === 'correctness') return { expected: true };
  if (judge === 'answer-relevance') return { question: true };
  return {};
}

function _schema(judge: CalibratedJudge) {
  const kind = labelKindOf(judge);
  const need = _need(judge);
  return z.looseObject({
    ...base,
    label: LABEL[kind],
    answer_b: need.answer_b ? z.string() : z.string().optional(),
    ...(need.question ? { question: text } : {}),
    ...(need.expected ? { expected: text } : {}),
    ...(need.context ? { context: base.context.unwrap() } : {}),
  });
}

const HINT: Record<LabelKind, string> = {
  scale: 'an integer 1..5',
  fraction: 'a number in 0..1',
  preference: '"A", "B" or "tie"',
};

function _issue(err: z.ZodError, kind: LabelKind, value: object): string {
  const issue = err.issues[0];
  const field = issue?.path.map(String).join('.') || 'item';
  const top = issue?.path[0];
  if (typeof top === 'string' && !(top in value)) return `missing field "${top}"`;
  if (field === 'label') return `field "label": expected ${HINT[kind]}`;
  return `field "${field}": ${issue?.message ?? 'invalid'}`;
}

/** Reads and validates the labels for one judge type. */
export async function loadLabels(file: string, judge: CalibratedJudge): Promise<LabelsFile> {
  let raw: Buffer;
  try {
    raw = await readFile(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new EvalgateError('DATASET_FILE', `cannot read labels: ${why}`, file);
  }
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const kind = labelKindOf(judge);
  const schema = _schema(judge);
  const items: LabelledItem[] = [];
  const seen = new Map<string, number>();
  const lines = raw
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/);
  for (const [i, lineText] of lines.entries()) {
    const line = i + 1;
    if (lineText.trim() === '') continue;
    const where = `${file} line ${line}`;
    let value: unknown;
    try {
      value = JSON.parse(lineText);
    } catch (err) {
      throw new EvalgateError('DATASET_ROW', `invalid JSON: ${(err as Error).message}`, where);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw new EvalgateError('DATASET_ROW', 'expected a JSON object', where);
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new EvalgateError('DATASET_ROW', _issue(parsed.error, kind, value), where);
    const d = parsed.data as z.infer<z.ZodObject<typeof base>> & {
      label: number | Preference;
      answer_b?: string;
    };
    const previous = seen.get(d.id);
    if (previous !== undefined)
      throw new EvalgateError('DATASET_ROW', `duplicate id "${d.id}" (first on line ${previous})`, where);
    seen.set(d.id, line);
    items.push({
      id: d.id,
      line,
      answer: d.answer,
      label: d.label,
      ...(d.answer_b !== undefined ? { answerB: d.answer_b } : {}),
      ...(d.question !== undefined ? { question: d.question } : {}),
      ...(d.expected !== undefined ? { expected: d.expected } : {}),
      ...(d.context !== undefined ? { context: d.context } : {}),
    });
  }
  if (items.length === 0) throw new EvalgateError('DATASET_FILE', 'no labelled items', file);
  return { file, sha256, kind, items };
}
