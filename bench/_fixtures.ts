/**
 * Generated bench fixtures: a JSONL dataset of support questions (streamed to disk, so 100,000 rows cost no
 * memory here) and a suite YAML over it. The system prompt is a short policy the local models answer from.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const POLICY = [
  'Refunds are available within thirty days of the purchase date.',
  'Support answers email within one business day.',
  'The Basic plan includes 100 GB of storage.',
  'All files are encrypted at rest with AES-256.',
  'Deleted files stay in the trash for 14 days.',
].join(' ');

export const SYSTEM = `You are a support assistant. Answer only from this policy: ${POLICY}`;

const QUESTIONS: readonly (readonly [string, string])[] = [
  ['How many days do I have to ask for a refund?', 'thirty days'],
  ['How fast does support answer email?', 'one business day'],
  ['How much storage does the Basic plan include?', '100 GB'],
  ['How are my files encrypted?', 'AES-256'],
  ['How long do deleted files stay in the trash?', '14 days'],
];

/** The n-th question and its expected answer (questions cycle; the case number keeps each prompt unique). */
export function question(n: number): { question: string; expected: string } {
  const [q, expected] = QUESTIONS[n % QUESTIONS.length] ?? ['', ''];
  return { question: `${q} (case ${n})`, expected };
}

/** The user prompt the suite's template renders for case n (the bare SDK loop sends the same text). */
export function userPrompt(n: number): string {
  return `Question: ${question(n).question}\n`;
}

/** Write `count` JSONL rows `{id, question, expected}` to `path`, streaming. */
export async function writeJsonlDataset(path: string, count: number): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    chunk.push(JSON.stringify({ id: `c${i}`, ...question(i) }));
    if (chunk.length === 1000 || i === count - 1) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk.length = 0;
    }
  }
  out.end();
  await once(out, 'finish');
}

export interface BenchSuiteOptions {
  name: string;
  dataset: string;
  model?: string;
  concurrency: number;
  maxTokens?: number;
  timeoutMs?: number;
}

/** Suite YAML text: one converse target, the `contains` scorer plus latency and tokens. */
export function suiteYaml(o: BenchSuiteOptions): string {
  return `name: ${o.name}
datasets:
  - path: ${JSON.stringify(o.dataset)}
prompt:
  version: bench-1
  system: ${JSON.stringify(SYSTEM)}
  template: |
    Question: {{question}}
targets:
  - id: micro
    model: ${o.model ?? 'amazon.nova-micro-v1:0'}
    api: converse
    inference: { maxTokens: ${o.maxTokens ?? 200}, temperature: 0 }
    concurrency: ${o.concurrency}
    timeoutMs: ${o.timeoutMs ?? 60_000}
scorers:
  - type: contains
    threshold: 1
  - type: latency
  - type: tokens
repeats: 1
`;
}

/** Write a dataset of `count` rows and a suite over it into `dir`; returns the suite file. */
export async function writeBenchSuite(
  dir: string,
  count: number,
  o: Omit<BenchSuiteOptions, 'dataset'>,
): Promise<string> {
  await writeJsonlDataset(join(dir, 'cases.jsonl'), count);
  const file = join(dir, `${o.name}.yaml`);
  await writeFile(file, suiteYaml({ ...o, dataset: 'cases.jsonl' }));
  return file;
}
