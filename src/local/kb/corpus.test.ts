import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus.ts';
import { KnowledgeBaseRegistry } from './registry.ts';

let dir: string;
const DOC = '---\nlang: en\n---\n# Title\n\nOne two three four five six seven eight nine ten.\n';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'evalgate-kb-'));
  mkdirSync(join(dir, 'sub'));
  writeFileSync(join(dir, 'sub', 'doc.md'), DOC);
  writeFileSync(join(dir, 'a.txt'), 'Plain text file.');
  writeFileSync(join(dir, 'skip.json'), '{}');
  writeFileSync(join(dir, '.hidden.md'), 'hidden');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadCorpus', () => {
  it('reads .md/.txt recursively in path order; ids drop the extension; offsets point into the file', () => {
    const docs = loadCorpus(dir, { strategy: 'fixed', maxTokens: 20, overlapPercentage: 50 });
    expect(docs.map((d) => [d.id, d.path, d.meta])).toEqual([
      ['a', 'a.txt', {}],
      ['sub/doc', 'sub/doc.md', { lang: 'en' }],
    ]);
    const doc = docs[1]!;
    const file = readFileSync(join(dir, 'sub', 'doc.md'), 'utf8');
    for (const c of doc.chunks) expect(file.slice(c.start, c.end)).toBe(c.text);
    expect(doc.chunks[0]?.start).toBe(17); // after the 17-character front matter
  });

  it('fixed chunking: maxTokens words with overlapPercentage % overlap', () => {
    const docs = loadCorpus(dir, { strategy: 'fixed', maxTokens: 20, overlapPercentage: 50 });
    // 12 words (# Title One … ten.) fit one 20-word window
    expect(docs[1]?.chunks.map((c) => c.text)).toEqual([DOC.slice(17).trim()]);
  });

  it('markdown and none strategies', () => {
    const md = loadCorpus(dir, { strategy: 'markdown', maxChars: 60 });
    expect(md[1]?.chunks.map((c) => [c.text, c.heading])).toEqual([
      ['# Title\n\nOne two three four five six seven eight nine ten.', 'Title'],
    ]);
    const none = loadCorpus(dir, { strategy: 'none' });
    expect(none[0]?.chunks.map((c) => [c.text, c.start, c.end])).toEqual([['Plain text file.', 0, 16]]);
  });

  it('names the folder or file on errors', () => {
    expect(() => loadCorpus(join(dir, 'nope'), undefined)).toThrow(
      `knowledge base corpus folder not found: ${join(dir, 'nope')}`,
    );
    const bad = mkdtempSync(join(tmpdir(), 'evalgate-kb-bad-'));
    writeFileSync(join(bad, 'x.md'), '---\na: [1\n---\nbody');
    expect(() => loadCorpus(bad, undefined)).toThrow(`${join(bad, 'x.md')}: front matter line`);
    rmSync(bad, { recursive: true, force: true });
  });
});

describe('KnowledgeBaseRegistry', () => {
  it('is idempotent for the same config, rebuilds when it changes, rejects bad ids and configs', () => {
    const r = new KnowledgeBaseRegistry();
    const s1 = r.register('KB1', { corpusDir: dir });
    expect(s1).toMatchObject({
      id: 'KB1',
      documents: 2,
      chunks: 2,
      chunking: { strategy: 'fixed', maxTokens: 300, overlapPercentage: 20 },
    });
    const kb = r.get('KB1');
    r.register('KB1', {
      corpusDir: dir,
      chunking: { strategy: 'fixed', maxTokens: 300, overlapPercentage: 20 },
    });
    expect(r.get('KB1')).toBe(kb); // same registration after defaults: not rebuilt
    r.register('KB1', { corpusDir: dir, chunking: { strategy: 'none' } });
    expect(r.get('KB1')).not.toBe(kb);
    expect(() => r.register('bad id', { corpusDir: dir })).toThrow('invalid knowledge base id "bad id"');
    expect(() =>
      r.register('KB2', { corpusDir: dir, chunking: { strategy: 'fixed', maxTokens: 5 } }),
    ).toThrow('invalid knowledge base config at chunking.maxTokens');
    expect(() => r.register('KB2', { corpus: dir })).toThrow('invalid knowledge base config');
    expect(r.ids()).toEqual(['KB1']);
  });
});
