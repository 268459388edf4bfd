import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../../core/errors.ts';
import type { Backend } from '../backend.ts';
import { ClientPool } from '../clients.ts';
import { createTarget } from '../registry.ts';
import type { TargetSpec } from '../types.ts';
import { indexKey } from './build.ts';
import { chunkCorpus, readCorpus } from './corpus.ts';
import { RagSchema } from './schema.ts';

const MINI = resolve('test/fixtures/rag-mini');
const LOCAL: Backend = { kind: 'local', endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };

function spec(id: string, rag: Record<string, unknown>): TargetSpec {
  return { id, api: 'rag-pipeline', model: 'amazon.nova-lite-v1:0', rag: RagSchema.parse(rag) } as TargetSpec;
}

function createError(s: TargetSpec): EvalgateError {
  try {
    createTarget(s, new ClientPool(LOCAL));
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected createTarget to fail');
}

describe('rag corpus', () => {
  it('reads .md and .txt recursively, sorted by path; doc id = path without extension', () => {
    const docs = readCorpus(MINI);
    expect(docs.map((d) => [d.id, d.path])).toEqual([
      ['energy/solar-cleaning', 'energy/solar-cleaning.md'],
      ['energy/solar-install', 'energy/solar-install.md'],
      ['energy/solar-sizing', 'energy/solar-sizing.md'],
      ['energy/warranty', 'energy/warranty.md'],
      ['garden/tomatoes', 'garden/tomatoes.txt'],
    ]);
  });

  it('chunks the body after the front matter, with offsets into the original file and front matter as metadata', () => {
    const docs = readCorpus(MINI);
    const chunks = chunkCorpus(docs, { strategy: 'markdown', size: 40, overlap: 0 });
    const file = readFileSync(join(MINI, 'energy/solar-cleaning.md'), 'utf8');
    const cleaning = chunks.filter((c) => c.docId === 'energy/solar-cleaning');
    // "Rinse each solar panel with water twice a year." is 48 characters: split at words into ≤ 40
    expect(cleaning.map((c) => c.text)).toEqual([
      'Rinse each solar panel with water twice',
      'a year.',
      'A dusty solar panel loses output.',
    ]);
    for (const c of chunks) {
      const text = readFileSync(join(MINI, c.location), 'utf8');
      expect(text.slice(c.start, c.end)).toBe(c.text);
    }
    expect(cleaning[0]?.start).toBe(file.indexOf('Rinse'));
    expect(cleaning[0]?.metadata).toEqual({
      title: 'Cleaning solar panels',
      area: 'energy',
      heading: 'Cleaning',
    });
    expect(chunks.map((c) => c.ord)).toEqual(chunks.map((_, i) => i));
    const tomatoes = chunks.filter((c) => c.docId === 'garden/tomatoes');
    expect(tomatoes[0]?.metadata).toEqual({});
  });

  it('fixed windows count characters or words, with overlap', () => {
    const docs = readCorpus(MINI).filter((d) => d.id === 'garden/tomatoes');
    const words = chunkCorpus(docs, { strategy: 'fixed', size: 5, overlap: 2, unit: 'words' });
    expect(words.map((c) => c.text)).toEqual([
      'Tomatoes need sun, water and',
      'water and a stake. Pick',
      'stake. Pick them when they',
      'when they are red.',
    ]);
  });

  it('the index key changes with contents, chunking, embedding and backend, not with the folder path', () => {
    const docs = readCorpus(MINI);
    const base = {
      corpusDir: MINI,
      docs,
      chunking: { strategy: 'fixed' as const, size: 800, overlap: 0 },
      embedding: { model: 'amazon.titan-embed-text-v2:0', family: 'titan-v2' as const, dimensions: 512 },
    };
    const k = indexKey(base, 'local', 'us-east-1');
    expect(indexKey({ ...base, corpusDir: '/elsewhere' }, 'local', 'us-east-1')).toBe(k);
    expect(indexKey({ ...base, chunking: { ...base.chunking, size: 400 } }, 'local', 'us-east-1')).not.toBe(
      k,
    );
    expect(
      indexKey({ ...base, embedding: { ...base.embedding, dimensions: 256 } }, 'local', 'us-east-1'),
    ).not.toBe(k);
    expect(indexKey(base, 'aws', 'us-east-1')).not.toBe(k);
    const edited = docs.map((d, i) => (i === 0 ? { ...d, sha256: '0'.repeat(64) } : d));
    expect(indexKey({ ...base, docs: edited }, 'local', 'us-east-1')).not.toBe(k);
  });
});

describe('rag-pipeline bad config: one-line errors naming the target', () => {
  const rag = {
    corpus: MINI,
    chunking: { strategy: 'fixed', size: 800 },
    embedding: { model: 'amazon.titan-embed-text-v2:0' },
  };

  it('missing corpus folder and empty corpus', () => {
    const missing = join(tmpdir(), 'evalgate-no-such-corpus');
    expect(createError(spec('a', { ...rag, corpus: missing })).message).toBe(
      `target "a": rag.corpus: corpus folder not found: ${missing}`,
    );
    const empty = mkdtempSync(join(tmpdir(), 'evalgate-empty-corpus-'));
    mkdirSync(join(empty, 'sub'));
    writeFileSync(join(empty, 'sub', 'notes.csv'), 'a,b\n');
    expect(createError(spec('b', { ...rag, corpus: empty })).message).toBe(
      `target "b": rag.corpus: corpus folder has no .md or .txt files: ${empty}`,
    );
  });

  it('unknown embedding family and unsupported dimensions', () => {
    const bad = { ...rag.embedding, model: 'amazon.titan-embed-text-v1' };
    const s1 = {
      id: 'c',
      api: 'rag-pipeline',
      model: 'amazon.nova-lite-v1:0',
      rag: { ...rag, embedding: bad },
    };
    expect(createError(s1 as unknown as TargetSpec).message).toBe(
      'target "c": rag.embedding.model: unknown embedding model family "amazon.titan-embed-text-v1" (expected amazon.titan-embed-text-v2:0 or cohere.embed-english-v3 / cohere.embed-multilingual-v3)',
    );
    const dims = { model: 'cohere.embed-english-v3', dimensions: 512 };
    const s2 = {
      id: 'd',
      api: 'rag-pipeline',
      model: 'amazon.nova-lite-v1:0',
      rag: { ...rag, embedding: dims },
    };
    expect(createError(s2 as unknown as TargetSpec).message).toBe(
      'target "d": rag.embedding.dimensions: cohere.embed-english-v3 does not support 512 dimensions (expected 1024)',
    );
  });

  it('vector retrieval without an embedding model, and a prompt without {{query}}', () => {
    const noEmbedding = {
      corpus: MINI,
      chunking: { strategy: 'fixed', size: 800 },
      retrieval: { mode: 'vector' },
    };
    const s = { id: 'e', api: 'rag-pipeline', model: 'amazon.nova-lite-v1:0', rag: noEmbedding };
    expect(createError(s as unknown as TargetSpec).message).toBe(
      'target "e": rag.embedding: retrieval mode vector needs embedding',
    );
    const p = { id: 'f', api: 'rag-pipeline', model: 'm', rag: { ...rag, prompt: '{{context}} only' } };
    expect(createError(p as unknown as TargetSpec).message).toBe(
      'target "f": rag.prompt: expected {{query}} in the prompt',
    );
  });
});
