import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { readDatasetColumns } from './columns.ts';
import { collectDataset, loadDataset } from './load-dataset.ts';
import type { DatasetItem, DatasetSpec } from './types.ts';

const dir = mkdtempSync(join(tmpdir(), 'evalgate-ds-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function items(spec: DatasetSpec, display: string): Promise<DatasetItem[]> {
  const out: DatasetItem[] = [];
  for await (const item of loadDataset(spec, display)) out.push(item);
  return out;
}

/** `ok <id>@<row>` or `err <message>`, for compact assertions. */
function summary(list: DatasetItem[]): string[] {
  return list.map((i) => (i.ok ? `ok ${i.case.id}@${i.case.source.row}` : `err ${i.error.message}`));
}

describe('loadDataset (CSV)', () => {
  it('yields ok, error, ok for a 3-row file with a bad middle row', async () => {
    const path = file('three.csv', 'id,question,expected\na,Q1,1\nb,Q2\nc,Q3,3\n');
    const list = await items({ path }, 'datasets/three.csv');
    expect(summary(list)).toEqual([
      'ok a@2',
      'err datasets/three.csv row 3: expected 3 columns, got 2',
      'ok c@4',
    ]);
    const bad = list[1];
    expect(bad?.ok === false && bad.error.code).toBe('DATASET_ROW');
    expect(list[0]).toEqual({
      ok: true,
      case: {
        id: 'a',
        source: { file: 'datasets/three.csv', row: 2 },
        vars: { id: 'a', question: 'Q1', expected: '1' },
        expected: '1',
      },
    });
  });

  it('generates <file>#<row> ids without an id column, counts rows across multi-line fields and blank lines, BOM, CRLF', async () => {
    const path = file('noid.csv', '\uFEFFquestion,expected\n"line one\nline two",x\n\nQ3,y\n');
    const list = await items({ path }, 'd/noid.csv');
    expect(summary(list)).toEqual(['ok d/noid.csv#2@2', 'ok d/noid.csv#5@5']);
    expect(list[0]?.ok && list[0].case.vars).toEqual({ question: 'line one\nline two', expected: 'x' });
    const crlf = file('crlf.csv', 'question,expected\r\nQ1,x\r\n\r\nQ3,y\r\n');
    expect(summary(await items({ path: crlf }, 'crlf.csv'))).toEqual(['ok crlf.csv#2@2', 'ok crlf.csv#4@4']);
  });

  it('stops the file with one error item on an unclosed quote', async () => {
    const path = file('quote.csv', 'id,q\na,ok\nb,"never closed\nc,fine\n');
    expect(summary(await items({ path }, 'quote.csv'))).toEqual([
      'ok a@2',
      'err quote.csv row 3: unclosed quote: a quoted field starts here and never ends; stopped reading this file',
    ]);
  });

  it('stops on a bad closing quote', async () => {
    const path = file('quote2.csv', 'id,q\na,"x"y\nb,z\n');
    expect(summary(await items({ path }, 'quote2.csv'))).toEqual([
      'err quote2.csv row 2: bad quoting: a closing quote must be followed by a comma or line end, got "y"; stopped reading this file',
    ]);
  });

  it('reports duplicate ids naming both rows, and empty ids', async () => {
    const path = file('dups.csv', 'id,q\na,1\nb,2\na,3\n,4\n');
    expect(summary(await items({ path }, 'dups.csv'))).toEqual([
      'ok a@2',
      'ok b@3',
      'err dups.csv row 4: duplicate case id "a" (first used at row 2)',
      'err dups.csv row 5: empty id (give every row an id, or drop the id column)',
    ]);
  });

  it('reports a duplicate header column as row 1', async () => {
    const path = file('hdr.csv', 'id,q,q\na,1,2\n');
    expect(summary(await items({ path }, 'hdr.csv'))).toEqual([
      'err hdr.csv row 1: duplicate column "q" in the header',
    ]);
  });

  it('limit counts valid rows only; onBadRow fail stops at the first bad row', async () => {
    const path = file('five.csv', 'id,q\na,1\nb\nc,3\nd,4\ne,5\n');
    expect(summary(await items({ path, limit: 2 }, 'five.csv'))).toEqual([
      'ok a@2',
      'err five.csv row 3: expected 2 columns, got 1',
      'ok c@4',
    ]);
    expect(summary(await items({ path, onBadRow: 'fail' }, 'five.csv'))).toEqual([
      'ok a@2',
      'err five.csv row 3: expected 2 columns, got 1',
    ]);
  });

  it('an empty file yields nothing', async () => {
    expect(await items({ path: file('empty.csv', '') }, 'empty.csv')).toEqual([]);
  });
});

describe('loadDataset (JSONL)', () => {
  it('yields ok, error, ok for a 3-line file with a bad middle line, skipping blank lines', async () => {
    const path = file(
      'three.jsonl',
      '{"id":"a","q":"x","expected":"1"}\n{"id":"b",\n\n{"q":"y","expected":2}\n',
    );
    const list = await items({ path }, 'three.jsonl');
    expect(summary(list)).toEqual([
      'ok a@1',
      expect.stringMatching(/^err three\.jsonl line 2: invalid JSON: /),
      'ok three.jsonl#4@4',
    ]);
    // A non-string expected is turned into text; vars keep the JSON values.
    expect(list[2]?.ok && list[2].case).toEqual({
      id: 'three.jsonl#4',
      source: { file: 'three.jsonl', row: 4 },
      vars: { q: 'y', expected: 2 },
      expected: '2',
    });
  });

  it('rejects lines that are not objects, numeric ids become strings, object expected becomes JSON', async () => {
    const path = file('kinds.jsonl', '[1,2]\n"text"\n{"id":7,"expected":{"a":1}}\n');
    const list = await items({ path }, 'kinds.jsonl');
    expect(summary(list)).toEqual([
      'err kinds.jsonl line 1: expected a JSON object, got an array',
      'err kinds.jsonl line 2: expected a JSON object, got a string',
      'ok 7@3',
    ]);
    expect(list[2]?.ok && list[2].case.expected).toBe('{"a":1}');
  });
});

describe('loadDataset file problems and collectDataset', () => {
  it('yields one DATASET_FILE item for a missing file and an unsupported extension', async () => {
    const missing = await items({ path: join(dir, 'nope.csv') }, 'datasets/nope.csv');
    expect(missing.map((i) => !i.ok && [i.error.code, i.error.message])).toEqual([
      ['DATASET_FILE', 'datasets/nope.csv: file not found'],
    ]);
    const txt = await items({ path: file('x.txt', 'a') }, 'x.txt');
    expect(txt.map((i) => !i.ok && i.error.message)).toEqual(['x.txt: expected a .csv or .jsonl file']);
  });

  it('collects cases and errors, or throws the first error with onBadRow fail', async () => {
    const path = file('col.csv', 'id,q\na,1\nb\nc,3\n');
    const { cases, errors } = await collectDataset({ path }, 'col.csv');
    expect(cases.map((c) => c.id)).toEqual(['a', 'c']);
    expect(errors.map((e) => e.message)).toEqual(['col.csv row 3: expected 2 columns, got 1']);
    await expect(collectDataset({ path, onBadRow: 'fail' }, 'col.csv')).rejects.toThrow(
      new EvalgateError('DATASET_ROW', 'expected 2 columns, got 1', 'col.csv row 3'),
    );
  });
});

describe('readDatasetColumns', () => {
  it('reads the CSV header and the first valid JSONL object keys', async () => {
    expect(await readDatasetColumns(file('h.csv', '\uFEFFid,question,expected\na,"b\nc",d\n'))).toEqual([
      'id',
      'question',
      'expected',
    ]);
    expect(await readDatasetColumns(file('h.jsonl', '\nnot json\n{"q":1,"ctx":2}\n{"other":3}\n'))).toEqual([
      'q',
      'ctx',
    ]);
    expect(await readDatasetColumns(file('e.csv', ''))).toEqual([]);
  });

  it('throws DATASET_FILE for a missing file', async () => {
    await expect(readDatasetColumns(join(dir, 'missing.csv'), 'd/missing.csv')).rejects.toThrow(
      'd/missing.csv: file not found',
    );
  });
});
