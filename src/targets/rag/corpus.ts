/**
 * A RAG pipeline's corpus: every `.md` / `.txt` file under a folder (recursively, hidden entries skipped, sorted
 * by path), YAML front matter as metadata. Document id = path under the folder, `/`-separated, without the
 * extension (`billing/refunds.md` → `billing/refunds`), as for the local knowledge bases. Chunk offsets point into
 * the original file (front matter included).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import {
  chunkFixed,
  chunkMarkdown,
  chunkSentences,
  listCorpusFiles,
  stripFrontMatter,
  type TextChunk,
} from '../../textkit/index.ts';
import type { RagChunking } from './schema.ts';

export interface CorpusDoc {
  id: string;
  /** Path under the corpus folder, with extension, `/`-separated (the chunks' `location`). */
  path: string;
  text: string;
  /** sha256 (hex) of the file text. */
  sha256: string;
}

/** One chunk of the index; `ord` is its position in the index (document order, then chunk order). */
export interface IndexChunk {
  ord: number;
  docId: string;
  location: string;
  start: number;
  end: number;
  text: string;
  /** The document's front matter, plus `heading` (markdown chunking) when the chunk has one. */
  metadata: Record<string, unknown>;
}

/** A problem with the corpus; the target turns it into a one-line EvalgateError naming itself. */
export class CorpusError extends Error {}

/** Read every document of `dir` (absolute). Throws CorpusError for a missing folder or an empty corpus. */
export function readCorpus(dir: string): CorpusDoc[] {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new CorpusError(`corpus folder not found: ${dir}`);
  const docs = listCorpusFiles(dir).map(({ full, path }) => {
    const text = readFileSync(full, 'utf8');
    const sha256 = createHash('sha256').update(text).digest('hex');
    return { id: path.replace(/\.(md|txt)$/i, ''), path, text, sha256 };
  });
  if (docs.length === 0) throw new CorpusError(`corpus folder has no .md or .txt files: ${dir}`);
  return docs;
}

function _chunkBody(body: string, c: RagChunking): TextChunk[] {
  if (c.strategy === 'fixed')
    return chunkFixed(body, { size: c.size, overlap: c.overlap, unit: c.unit ?? 'chars' });
  if (c.strategy === 'sentence')
    return chunkSentences(body, { maxChars: c.size, overlapSentences: c.overlap });
  return chunkMarkdown(body, { maxChars: c.size });
}

/** Chunk every document (front matter stripped first; offsets shifted back into the file). */
export function chunkCorpus(docs: readonly CorpusDoc[], chunking: RagChunking): IndexChunk[] {
  const out: IndexChunk[] = [];
  for (const doc of docs) {
    let fm: ReturnType<typeof stripFrontMatter>;
    try {
      fm = stripFrontMatter(doc.text);
    } catch (err) {
      throw new CorpusError(`${doc.path}: ${(err as Error).message}`);
    }
    for (const ch of _chunkBody(fm.body, chunking)) {
      const metadata: Record<string, unknown> = { ...fm.meta };
      if (ch.heading !== undefined) metadata.heading = ch.heading;
      out.push({
        ord: out.length,
        docId: doc.id,
        location: doc.path,
        start: ch.start + fm.offset,
        end: ch.end + fm.offset,
        text: ch.text,
        metadata,
      });
    }
  }
  return out;
}
