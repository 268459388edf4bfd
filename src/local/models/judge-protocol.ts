/**
 * Recognising an evalgate judge prompt and reading its parts. The protocol (see judges/README.md):
 * - the last user message starts with `# Evaluation task: <task> (evalgate judge protocol 1)`;
 * - data sits in sections that start and end on their own line: `<question>`, `<answer>`, `<answer_a>`,
 *   `<answer_b>`, `<reference>`, `<context>` (with `<chunk index="n">` inside), `<rubric>`, `<response_schema>`;
 * - data is escaped (`&lt;`, `&gt;`, `&amp;`), so no data can open or close a section.
 * The local judge reads sections only as data: nothing inside them is ever followed as an instruction.
 */
import type { ModelInput } from './prompt.ts';

export const JUDGE_TASKS = [
  'rubric',
  'correctness',
  'pairwise',
  'faithfulness',
  'answer-relevance',
  'context-precision',
  'context-recall',
] as const;
export type LocalJudgeTask = (typeof JUDGE_TASKS)[number];

const HEADER = /^# Evaluation task: ([a-z-]+) \(evalgate judge protocol 1\)[ \t]*(\r?\n|$)/;

export interface JudgeRequest {
  task: LocalJudgeTask;
  question?: string;
  answer?: string;
  answerA?: string;
  answerB?: string;
  reference?: string;
  /** Context chunks in order (the `<chunk>`s of `<context>`, or the whole section as one chunk). */
  context?: string[];
  /** Integer score range from the response schema (`score.minimum` / `score.maximum`). */
  scale?: { min: number; max: number };
}

/** Undo the data escaping. */
export function unescapeData(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function _section(prompt: string, tag: string): string | undefined {
  const re = new RegExp(`^<${tag}>\\r?\\n([\\s\\S]*?)\\r?\\n</${tag}>$`, 'm');
  return re.exec(prompt)?.[1];
}

function _chunks(context: string): string[] {
  const out: string[] = [];
  const re = /^<chunk index="\d+">\r?\n([\s\S]*?)\r?\n<\/chunk>$/gm;
  for (const m of context.matchAll(re)) out.push(unescapeData(m[1] ?? ''));
  return out.length > 0 ? out : [unescapeData(context)];
}

function _scale(schemaText: string | undefined): { min: number; max: number } | undefined {
  if (schemaText === undefined) return undefined;
  try {
    const schema = JSON.parse(unescapeData(schemaText)) as {
      properties?: { score?: { minimum?: unknown; maximum?: unknown } };
    };
    const s = schema.properties?.score;
    if (typeof s?.minimum === 'number' && typeof s.maximum === 'number')
      return { min: s.minimum, max: s.maximum };
  } catch {
    // not JSON: no scale
  }
  return undefined;
}

/** The judge request in a model input, or undefined when the input is not an evalgate judge prompt. */
export function parseJudgeRequest(input: ModelInput): JudgeRequest | undefined {
  const lastUser = [...input.messages]
    .reverse()
    .find((m) => m.role === 'user')
    ?.text.trimStart();
  const task = lastUser === undefined ? undefined : HEADER.exec(lastUser)?.[1];
  if (lastUser === undefined || !JUDGE_TASKS.includes(task as LocalJudgeTask)) return undefined;
  const req: JudgeRequest = { task: task as LocalJudgeTask };
  const text = (tag: string) => {
    const raw = _section(lastUser, tag);
    return raw === undefined ? undefined : unescapeData(raw);
  };
  const fields: Array<[keyof JudgeRequest, string]> = [
    ['question', 'question'],
    ['answer', 'answer'],
    ['answerA', 'answer_a'],
    ['answerB', 'answer_b'],
    ['reference', 'reference'],
  ];
  for (const [key, tag] of fields) {
    const value = text(tag);
    if (value !== undefined) (req as unknown as Record<string, unknown>)[key] = value;
  }
  const context = _section(lastUser, 'context');
  if (context !== undefined) req.context = _chunks(context);
  const scale = _scale(_section(lastUser, 'response_schema'));
  if (scale) req.scale = scale;
  return req;
}
