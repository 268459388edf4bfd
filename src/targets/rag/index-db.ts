/**
 * The RAG index file: one DuckDB file (default `.evalgate/rag-index.duckdb` under the current directory, or
 * `$EVALGATE_INDEX_DIR/rag-index.duckdb`) holding every built index, keyed by a hash of its configuration:
 *   rag_indexes(key, corpus, chunking, embedding_model, dimensions, backend, chunks, embedding_tokens, created_at)
 *   rag_chunks(index_key, ord, doc_id, location, start_offset, end_offset, text, metadata)
 *   rag_vectors_<dims>(index_key, ord, embedding FLOAT[dims])      one table per dimension count
 * An index is written in one transaction, its `rag_indexes` row last, so a half-written index never counts as
 * built. Vector search is `array_cosine_similarity` in DuckDB. One instance per file per process; writes are
 * serialised, searches use a few connections round-robin.
 */
import { mkdirSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { EvalgateError } from '../../core/errors.ts';
import type { IndexChunk } from './corpus.ts';

export interface IndexRecord {
  key: string;
  corpus: string;
  chunking: unknown;
  embeddingModel: string | null;
  dimensions: number | null;
  backend: string;
  embeddingTokens: number | null;
}

const _SEARCH_CONNECTIONS = 4;
const VECTOR_BATCH = 1000;

/** `0.25,-0.5,…`: every float32 value in its exact decimal form (a float32 is a double exactly). */
function _floats(v: Float32Array): string {
  let s = '';
  for (let i = 0; i < v.length; i++) s += i === 0 ? `${v[i]}` : `,${v[i]}`;
  return s;
}

const _DDL = `
CREATE TABLE IF NOT EXISTS rag_indexes (key VARCHAR PRIMARY KEY, corpus VARCHAR, chunking JSON,
  embedding_model VARCHAR, dimensions INTEGER, backend VARCHAR, chunks INTEGER, embedding_tokens BIGINT,
  created_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS rag_chunks (index_key VARCHAR, ord INTEGER, doc_id VARCHAR, location VARCHAR,
  start_offset INTEGER, end_offset INTEGER, text VARCHAR, metadata JSON);`;

/** The index file path: `$EVALGATE_INDEX_DIR/rag-index.duckdb`, else `.evalgate/rag-index.duckdb` under cwd. */
export function indexFilePath(): string {
  return join(resolve(process.env.EVALGATE_INDEX_DIR ?? '.evalgate'), 'rag-index.duckdb');
}

function _vectorTable(dims: number): string {
  if (!Number.isInteger(dims) || dims < 1) throw new Error(`bad dimension count ${dims}`);
  return `rag_vectors_${dims}`;
}

export class RagIndexDb {
  private writes: Promise<unknown> = Promise.resolve();
  private turn = 0;

  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: DuckDBConnection[],
  ) {}

  static async open(file: string): Promise<RagIndexDb> {
    let instance: DuckDBInstance;
    try {
      mkdirSync(resolve(file, '..'), { recursive: true });
      instance = await DuckDBInstance.create(file);
    } catch (err) {
      const why = (err as Error).message.split('\n')[0] ?? '';
      if (!/lock/i.test(why)) {
        throw new EvalgateError('STORE', `cannot open the RAG index file (${why})`, file);
      }
      // Another evalgate process holds the file: index in memory for this process rather than fail the run.
      process.stderr.write(
        `evalgate: ${file} is in use by another process; RAG indexes are built in memory for this run (set EVALGATE_INDEX_DIR to keep them)\n`,
      );
      instance = await DuckDBInstance.create(':memory:');
    }
    const writer = await instance.connect();
    await writer.run(_DDL);
    const readers = await Promise.all(Array.from({ length: _SEARCH_CONNECTIONS }, () => instance.connect()));
    return new RagIndexDb(file, instance, writer, readers);
  }

  private _serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.writes.then(fn, fn);
    this.writes = p.catch(() => undefined);
    return p;
  }

  private _reader(): DuckDBConnection {
    this.turn = (this.turn + 1) % this.readers.length;
    return this.readers[this.turn] as DuckDBConnection;
  }

  /** The stored chunks of a built index (by ord), or undefined when `key` is not built. */
  async load(key: string): Promise<IndexChunk[] | undefined> {
    return this._serial(async () => {
      const found = await this.writer.runAndReadAll('SELECT chunks FROM rag_indexes WHERE key = $k', {
        k: key,
      });
      if (found.currentRowCount === 0) return undefined;
      const rows = await this.writer.runAndReadAll(
        `SELECT ord, doc_id, location, start_offset, end_offset, text, metadata FROM rag_chunks
         WHERE index_key = $k ORDER BY ord`,
        { k: key },
      );
      return rows.getRowObjects().map((r) => ({
        ord: Number(r.ord),
        docId: String(r.doc_id),
        location: String(r.location),
        start: Number(r.start_offset),
        end: Number(r.end_offset),
        text: String(r.text),
        metadata: JSON.parse(String(r.metadata)) as Record<string, unknown>,
      }));
    });
  }

  /** Store an index (chunks and, when `vectors` is given, their embeddings) in one transaction. */
  async save(
    rec: IndexRecord,
    chunks: readonly IndexChunk[],
    vectors?: readonly Float32Array[],
  ): Promise<void> {
    await this._serial(async () => {
      const c = this.writer;
      const dims = rec.dimensions;
      const table = vectors && dims ? _vectorTable(dims) : undefined;
      if (table) {
        await c.run(
          `CREATE TABLE IF NOT EXISTS ${table} (index_key VARCHAR, ord INTEGER, embedding FLOAT[${dims}])`,
        );
      }
      await c.run('BEGIN TRANSACTION');
      try {
        const exists = await c.runAndReadAll('SELECT 1 FROM rag_indexes WHERE key = $k', { k: rec.key });
        if (exists.currentRowCount > 0) {
          await c.run('ROLLBACK');
          return; // built meanwhile by another caller
        }
        await c.run('DELETE FROM rag_chunks WHERE index_key = $k', { k: rec.key });
        if (table) await c.run(`DELETE FROM ${table} WHERE index_key = $k`, { k: rec.key });
        const a = await c.createAppender('rag_chunks');
        for (const ch of chunks) {
          a.appendVarchar(rec.key);
          a.appendInteger(ch.ord);
          a.appendVarchar(ch.docId);
          a.appendVarchar(ch.location);
          a.appendInteger(ch.start);
          a.appendInteger(ch.end);
          a.appendVarchar(ch.text);
          a.appendVarchar(JSON.stringify(ch.metadata));
          a.endRow();
        }
        a.closeSync();
        if (table && vectors && dims) await this._insertVectors(table, dims, rec.key, vectors);
        await c.run(
          `INSERT INTO rag_indexes VALUES ($key, $corpus, $chunking, $model, $dims, $backend, $chunks, $tokens,
           now()::TIMESTAMP)`,
          {
            key: rec.key,
            corpus: rec.corpus,
            chunking: JSON.stringify(rec.chunking),
            model: rec.embeddingModel,
            dims: rec.dimensions,
            backend: rec.backend,
            chunks: chunks.length,
            tokens: rec.embeddingTokens,
          },
        );
        await c.run('COMMIT');
      } catch (err) {
        await c.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /**
   * Vectors go in through newline-delimited JSON files read by `read_json` (batches of VECTOR_BATCH rows, next
   * to the index file, removed after): binding arrays value by value through the Node API costs ~2 µs per float
   * (20 s for 10,000 × 1,024), this path well under a second.
   */
  private async _insertVectors(table: string, dims: number, key: string, vectors: readonly Float32Array[]) {
    for (let b = 0; b < vectors.length; b += VECTOR_BATCH) {
      const tmp = `${this.file}.${process.pid}-${key.slice(0, 12)}-${b}.ndjson`;
      const lines = vectors.slice(b, b + VECTOR_BATCH).map((v, i) => `{"ord":${b + i},"e":[${_floats(v)}]}`);
      await writeFile(tmp, `${lines.join('\n')}\n`);
      try {
        await this.writer.run(
          `INSERT INTO ${table} SELECT $k, ord, e::FLOAT[${dims}] FROM read_json($f, format = 'newline_delimited',
           columns = {ord: 'INTEGER', e: 'FLOAT[]'})`,
          { k: key, f: tmp },
        );
      } finally {
        await rm(tmp, { force: true });
      }
    }
  }

  /** The `n` chunks most similar to `query` (cosine, descending; ties by ord ascending). */
  async vectorSearch(
    key: string,
    query: Float32Array,
    n: number,
  ): Promise<Array<{ ord: number; score: number }>> {
    const dims = query.length;
    // the query vector travels as text and is cast in SQL: binding a FLOAT[] value by value is far slower
    const reader = await this._reader().runAndReadAll(
      `SELECT ord, array_cosine_similarity(embedding, $q::FLOAT[${dims}]) AS score FROM ${_vectorTable(dims)}
       WHERE index_key = $k ORDER BY score DESC, ord ASC LIMIT $n`,
      { q: `[${_floats(query)}]`, k: key, n },
    );
    return reader.getRowObjects().map((r) => ({ ord: Number(r.ord), score: Number(r.score) }));
  }

  close(): void {
    for (const r of this.readers) r.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}

const _open = new Map<string, Promise<RagIndexDb>>();

/** The process's handle on an index file (opened once; a failed open is retried by the next caller). */
export function openIndexDb(file: string = indexFilePath()): Promise<RagIndexDb> {
  let p = _open.get(file);
  if (!p) {
    p = RagIndexDb.open(file);
    _open.set(file, p);
    p.catch(() => _open.delete(file));
  }
  return p;
}

/** Close every index file this process opened (tests, benchmarks, before exit). */
export async function closeIndexDbs(): Promise<void> {
  const all = [..._open.values()];
  _open.clear();
  for (const p of all) (await p.catch(() => undefined))?.close();
}
