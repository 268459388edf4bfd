import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { loadSuite } from './load-suite.ts';
import { remapTargetIssues, sweepLabels, sweepPathProblem, sweepTargetId } from './sweep.ts';

const root = mkdtempSync(join(tmpdir(), 'evalgate-sweep-'));
function write(rel: string, text: string): string {
  const path = join(root, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
  return path;
}
write('data/q.jsonl', '{"id":"q1","question":"How long is the warranty?"}\n');
write('corpus/a.md', 'The warranty lasts ten years.\n');

/** A suite whose first target is a rag pipeline with `sweep` (YAML lines indented for the target). */
function suite(sweep: string, extra = ''): string {
  return `name: sweep-test
datasets: [{ path: ../data/q.jsonl }]
prompt: { version: '1', template: '{{question}}' }
targets:
  - id: rag-fixed
    api: rag-pipeline
    model: amazon.nova-lite-v1:0
    rag:
      corpus: ../corpus
      chunking: { strategy: fixed, size: 800, overlap: 100 }
      embedding: { model: amazon.titan-embed-text-v2:0, dimensions: 512 }
      retrieval: { mode: hybrid, topK: 5 }
    sweep:
${sweep}
${extra}scorers: [{ type: latency }]
`;
}

let n = 0;
async function load(text: string) {
  return loadSuite(write(`suites/s${++n}.yaml`, text));
}
async function failure(text: string): Promise<EvalgateError> {
  const file = write(`suites/f${++n}.yaml`, text);
  try {
    await loadSuite(file);
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected loadSuite to fail');
}

describe('sweep ids and labels', () => {
  it('labels by last segment, lengthened only where two paths end alike', () => {
    expect(sweepLabels(['rag.chunking.size', 'rag.retrieval.topK'])).toEqual(['size', 'topK']);
    expect(sweepLabels(['model', 'rag.embedding.model'])).toEqual(['model', 'embeddingModel']);
  });
  it('numbers join directly, words with "-", dots become "_" and other characters "-"', () => {
    expect(sweepTargetId('rag-fixed', ['size', 'topK'], [200, 3])).toBe('rag-fixed.size200.topK3');
    expect(sweepTargetId('r', ['mode', 'generate'], ['bm25', false])).toBe('r.mode-bm25.generate-false');
    expect(sweepTargetId('r', ['model'], ['amazon.nova-lite-v1:0'])).toBe('r.model-amazon_nova-lite-v1-0');
    expect(sweepTargetId('r', ['temperature'], [0.5])).toBe('r.temperature0_5');
  });
  it('paths must name a single-valued field of the target schema', () => {
    expect(sweepPathProblem('rag.chunking.size')).toBeUndefined();
    expect(sweepPathProblem('inference.temperature')).toBeUndefined();
    expect(sweepPathProblem('model')).toBeUndefined();
    expect(sweepPathProblem('rag.chunking.sise')).toBe(
      '"rag.chunking.sise" is not a field of the target schema (rag.chunking has: strategy, size, overlap, unit)',
    );
    expect(sweepPathProblem('rag.chunking')).toBe('"rag.chunking" is a mapping; sweep the fields inside it');
    expect(sweepPathProblem('inference.stopSequences')).toBe(
      '"inference.stopSequences" is a list; sweep values must be single values',
    );
    expect(sweepPathProblem('id')).toBe('"id" cannot be swept');
  });
  it('remaps issue paths of expanded targets to the target written in the file', () => {
    const issues = [{ path: ['targets', 4, 'model'], message: 'm', code: 'CONFIG_REFERENCE' as const }];
    expect(remapTargetIssues(issues, [0, 1, 1, 1, 1])[0]?.path).toEqual(['targets', 1, 'model']);
  });
});

describe('expandSweeps through loadSuite', () => {
  it('expands the cartesian product (first path outermost) with ids, sweepOf and params', async () => {
    const loaded = await load(
      suite('      rag.chunking.size: [200, 400, 800]\n      rag.retrieval.topK: [3, 5]'),
    );
    const ts = loaded.suite.targets;
    expect(ts.map((t) => t.id)).toEqual([
      'rag-fixed.size200.topK3',
      'rag-fixed.size200.topK5',
      'rag-fixed.size400.topK3',
      'rag-fixed.size400.topK5',
      'rag-fixed.size800.topK3',
      'rag-fixed.size800.topK5',
    ]);
    const t = ts[3];
    expect(t?.sweepOf).toBe('rag-fixed');
    expect(t?.params).toEqual({ 'rag.chunking.size': 400, 'rag.retrieval.topK': 5 });
    expect(t?.rag?.chunking).toEqual({ strategy: 'fixed', size: 400, overlap: 100 });
    expect(t?.rag?.retrieval.topK).toBe(5);
    expect(t?.rag?.embedding).toEqual({ model: 'amazon.titan-embed-text-v2:0', dimensions: 512 });
    expect(t?.sweep).toBeUndefined();
  });

  it('creates missing intermediate mappings and keeps other targets in place; gate rules may name expanded ids', async () => {
    const extra = `  - id: plain\n    model: amazon.nova-micro-v1:0\ngate:\n  candidate: rag-fixed.model-amazon_nova-pro-v1-0\n  baseline: plain\n  rules: [{ metric: latency_ms, max: 1000 }]\n`;
    const loaded = await load(suite('      model: [amazon.nova-pro-v1:0]', extra));
    expect(loaded.suite.targets.map((t) => t.id)).toEqual(['rag-fixed.model-amazon_nova-pro-v1-0', 'plain']);
    expect(loaded.suite.targets[0]?.model).toBe('amazon.nova-pro-v1:0');
    const withRerank = await load(suite('      rag.rerank.model: [amazon.rerank-v1:0]'));
    expect(withRerank.suite.targets[0]?.rag?.rerank).toEqual({ model: 'amazon.rerank-v1:0' });
  });

  it('an unknown path is a one-line error naming the file, the target and the path', async () => {
    const err = await failure(suite('      rag.chunking.sise: [200, 400]'));
    const file = relative(process.cwd(), join(root, `suites/f${n}.yaml`));
    expect(err.message).toBe(
      `${file}:14:7: targets[0].sweep["rag.chunking.sise"]: target "rag-fixed": sweep path "rag.chunking.sise" is not a field of the target schema (rag.chunking has: strategy, size, overlap, unit)`,
    );
    expect(err.code).toBe('CONFIG_SCHEMA');
  });

  it('a combination the schema rejects names the combination and the field', async () => {
    const err = await failure(suite('      rag.chunking.size: [100, 400]'));
    expect(err.message).toMatch(
      /:14:7: targets\[0\]\.sweep: target "rag-fixed": sweep combination rag\.chunking\.size=100: rag\.chunking\.overlap: expected less than size \(100\)$/,
    );
  });

  it('caps the product at 64 combinations', async () => {
    const err = await failure(
      suite(
        '      rag.chunking.size: [200, 300, 400, 500, 600]\n      rag.retrieval.topK: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]',
      ),
    );
    expect(err.message).toMatch(
      /targets\[0\]\.sweep: target "rag-fixed": sweep expands into 65 combinations, at most 64 allowed$/,
    );
  });

  it('rejects duplicate values and ids that collide with another target', async () => {
    const dup = await failure(suite('      rag.retrieval.topK: [3, 3]'));
    expect(dup.message).toMatch(/target "rag-fixed": sweep path "rag.retrieval.topK" lists 3 twice$/);
    const taken = await failure(
      suite('      rag.retrieval.topK: [3]', '  - id: rag-fixed.topK3\n    model: amazon.nova-lite-v1:0\n'),
    );
    expect(taken.message).toMatch(/target "rag-fixed": sweep target id "rag-fixed.topK3" is already taken/);
  });

  it('a gate naming the unexpanded id is an error listing the expanded ids', async () => {
    const extra = 'gate:\n  candidate: rag-fixed\n  rules: [{ metric: latency_ms, max: 1000 }]\n';
    const err = await failure(suite('      rag.retrieval.topK: [3, 5]', extra));
    expect(err.message).toMatch(
      /"rag-fixed" is not a target id \(targets: rag-fixed.topK3, rag-fixed.topK5\)$/,
    );
  });
});

describe('rag-pipeline targets in a suite', () => {
  const base = (target: string) => `name: rag-schema
datasets: [{ path: ../data/q.jsonl }]
prompt: { version: '1', template: '{{question}}' }
targets:
  - id: r
    api: rag-pipeline
${target}scorers: [{ type: latency }]
`;
  const rag = `    rag:
      corpus: ../corpus
      chunking: { strategy: fixed, size: 800 }
      retrieval: { mode: bm25 }
`;

  it('a retrieval-only pipeline needs no model (it is named by its retriever) and passes the known-model check', async () => {
    const file = write(
      `suites/r${++n}.yaml`,
      base(rag.replace('{ mode: bm25 }', '{ mode: bm25 }\n      generate: false')),
    );
    const loaded = await loadSuite(file, { knownModels: new Set(['amazon.nova-lite-v1:0']) });
    expect(loaded.suite.targets[0]?.model).toBe('rag-pipeline/bm25');
    expect(loaded.suite.targets[0]?.rag?.retrieval).toEqual({ mode: 'bm25', topK: 5 });
  });

  it('one-line errors with file and line: missing rag, model with generate false, bad chunking', async () => {
    expect((await failure(base('    model: amazon.nova-lite-v1:0\n'))).message).toMatch(
      /:5:5: targets\[0\]\.rag: api rag-pipeline needs rag$/,
    );
    const withModel = base(`    model: amazon.nova-lite-v1:0\n${rag}      generate: false\n`);
    expect((await failure(withModel)).message).toMatch(
      /:7:12: targets\[0\]\.model: model is not used when rag\.generate is false$/,
    );
    const overlap = base(
      `    model: amazon.nova-lite-v1:0\n${rag.replace('size: 800 }', 'size: 800, overlap: 800 }')}`,
    );
    expect((await failure(overlap)).message).toMatch(
      /:10:56: targets\[0\]\.rag\.chunking\.overlap: expected less than size \(800\)$/,
    );
  });
});
