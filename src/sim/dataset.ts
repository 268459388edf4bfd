/**
 * The simulation's eval set: 200 question / context / expected-fact cases drawn (seeded) from a pool built from
 * the shipped datasets, each graded by a deterministic rule (no judge):
 *
 * - `rag-doc:<id>` (96): every answerable question of datasets/rag/questions.jsonl, context = its grade-2
 *   article(s) (front matter dropped); expected = the grade-2 quote (the evidence passage);
 * - `rag-wide:<id>` (96): the same questions with the grade-1 articles appended (or, without any, the next
 *   article of the same area): more near-miss sentences, so more close calls;
 * - `sup:<id>` (77): datasets/support.csv, context = datasets/support-policy.md, expected = the short fact;
 * - `srag:<id>` (24): datasets/support-rag.jsonl with its own three-paragraph context.
 *
 * A case passes when the answer contains the expected text, or (quote cases) when the answer is part of the
 * quote (the model extracted one sentence of a multi-sentence quote). Whitespace and case are normalised.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import { mulberry32 } from '../local/prng.ts';

export interface SimCase {
  id: string;
  context: string;
  question: string;
  expected: string;
  /** `contains`: answer ⊇ expected. `quote`: answer ⊇ expected, or expected ⊇ answer (one sentence of it). */
  match: 'contains' | 'quote';
}

const DATASETS = join(dirname(fileURLToPath(import.meta.url)), '../../datasets');
const IDK = "i don't know";

interface RagQuestion {
  id: string;
  question: string;
  answerable: boolean;
  relevant: { doc: string; grade: number; quote?: string }[];
}

function _article(doc: string): string {
  const text = readFileSync(join(DATASETS, 'rag/corpus', `${doc}.md`), 'utf8');
  return text.replace(/^---\n[\s\S]*?\n---\n/, '').trim();
}

function _nextInArea(doc: string): string {
  const [area, slug] = doc.split('/') as [string, string];
  const slugs = readdirSync(join(DATASETS, 'rag/corpus', area))
    .filter((f) => f.endsWith('.md'))
    .map((f) => f.slice(0, -3))
    .sort();
  const next = slugs[(slugs.indexOf(slug) + 1) % slugs.length] as string;
  return `${area}/${next}`;
}

function _ragCases(): SimCase[] {
  const lines = readFileSync(join(DATASETS, 'rag/questions.jsonl'), 'utf8').split('\n').filter(Boolean);
  const doc: SimCase[] = [];
  const wide: SimCase[] = [];
  for (const line of lines) {
    const q = JSON.parse(line) as RagQuestion;
    const main = q.relevant.filter((r) => r.grade === 2 && r.quote);
    if (!q.answerable || main.length === 0) continue;
    const expected = (main[0] as { quote: string }).quote;
    const context = main.map((r) => _article(r.doc)).join('\n\n');
    const related = q.relevant.filter((r) => r.grade === 1).map((r) => r.doc);
    const extra = related.length > 0 ? related : [_nextInArea((main[0] as { doc: string }).doc)];
    const base = { question: q.question, expected, match: 'quote' as const };
    doc.push({ id: `rag-doc:${q.id}`, context, ...base });
    wide.push({ id: `rag-wide:${q.id}`, context: [context, ...extra.map(_article)].join('\n\n'), ...base });
  }
  return [...doc, ...wide];
}

function _supportCases(): SimCase[] {
  const policy = readFileSync(join(DATASETS, 'support-policy.md'), 'utf8');
  const rows = parseCsv(readFileSync(join(DATASETS, 'support.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  const csv = rows.map((r) => ({
    id: `sup:${r.id}`,
    context: policy,
    question: r.question ?? '',
    expected: r.expected ?? '',
    match: 'contains' as const,
  }));
  const jsonl = readFileSync(join(DATASETS, 'support-rag.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { id: string; question: string; context: string; expected: string };
      return { id: `srag:${r.id}`, context: r.context, question: r.question, expected: r.expected };
    });
  return [...csv, ...jsonl.map((c) => ({ ...c, match: 'contains' as const }))];
}

/** The whole pool (293 cases), in a fixed order. */
export function simCasePool(): SimCase[] {
  return [..._ragCases(), ..._supportCases()];
}

/** `n` cases (default 200) drawn without replacement from the pool by a seeded shuffle (seed default 8). */
export function simCases(n = 200, seed = 8): SimCase[] {
  const pool = simCasePool();
  const rand = mulberry32(seed);
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j] as SimCase, pool[i] as SimCase];
  }
  return pool.slice(0, n);
}

function _norm(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** The deterministic grade of one answer. */
export function passes(answer: string, c: SimCase): boolean {
  const a = _norm(answer);
  const e = _norm(c.expected);
  if (a.length === 0 || a.startsWith(IDK)) return false;
  if (a.includes(e)) return true;
  return c.match === 'quote' && a.length >= 20 && e.includes(a);
}

/** The user message of a case: the context, then the question line (the local models' input convention). */
export function userMessage(c: SimCase, withContext = true): string {
  return withContext ? `${c.context}\n\nQuestion: ${c.question}` : `Question: ${c.question}`;
}
