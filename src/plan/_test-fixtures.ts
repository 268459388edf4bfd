/** Test helpers: a small suite + CSV dataset written to a temp folder, and a runner wired to a local backend. */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CacheMode } from '../cache/index.ts';
import { loadSuite } from '../config/index.ts';
import { LOCAL_MODELS, type LocalBackend } from '../local/index.ts';
import { runSuite } from '../runner/run-suite.ts';
import type { DuckDbStore } from '../store/index.ts';
import { ClientPool } from '../targets/clients.ts';

export interface FixtureSuite {
  /** Rows `c1..cN`: question `What is N plus zero?`, expected `N`. */
  rows: number;
  name?: string;
  template?: string;
  system?: string;
  repeats?: number;
  /** YAML of the `targets:` list items (default: one nova-micro target, concurrency 4, one attempt). */
  targets?: string;
  /** Extra top-level YAML (e.g. `prices:`). */
  extra?: string;
  /** File name of the suite (default suite.yaml). */
  file?: string;
}

export async function tempDir(prefix = 'evalgate-plan-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export const MICRO_TARGET = `  - id: micro
    model: amazon.nova-micro-v1:0
    concurrency: 4
    retry: { maxAttempts: 1 }`;

/** Writes `<dir>/cases.csv` and the suite file; returns the suite file's path. */
export async function writeFixtureSuite(dir: string, s: FixtureSuite): Promise<string> {
  const lines = ['id,question,expected'];
  for (let i = 1; i <= s.rows; i++) lines.push(`c${i},What is ${i} plus zero?,${i}`);
  await writeFile(join(dir, 'cases.csv'), `${lines.join('\n')}\n`);
  const yaml = `name: ${s.name ?? 'fixture'}
datasets:
  - path: cases.csv
prompt:
  version: 1.0.0
  system: ${JSON.stringify(s.system ?? 'Answer with the number only.')}
  template: ${JSON.stringify(s.template ?? 'Question: {{question}}')}
targets:
${s.targets ?? MICRO_TARGET}
scorers:
  - type: contains
repeats: ${s.repeats ?? 1}
${s.extra ?? ''}`;
  const file = join(dir, s.file ?? 'suite.yaml');
  await writeFile(file, yaml);
  return file;
}

/** Runs a suite file once through the real runner against `backend`. */
export async function runFixture(
  file: string,
  store: DuckDbStore,
  backend: LocalBackend,
  opts: { cache?: CacheMode; runId?: string; resume?: boolean } = {},
) {
  const loaded = await loadSuite(file, { knownModels: new Set(LOCAL_MODELS.map((m) => m.id)) });
  const clients = new ClientPool({ kind: 'local', endpoint: backend.url, region: 'us-east-1' });
  try {
    return await runSuite({ loaded, store, clients, backendLabel: 'local (test)', ...opts });
  } finally {
    clients.destroy();
  }
}
