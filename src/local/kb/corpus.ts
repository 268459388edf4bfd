/**
 * A knowledge base's corpus: every `.md` / `.txt` file under a folder (recursively, sorted by path), optional
 * YAML front matter as metadata, chunked with the knowledge base's chunking. Document id = path relative to the
 * folder, `/`-separated, without the extension (`billing/refunds.md` → `billing/refunds`).
 */
import { readFileSync, statSync } from 'node:fs';
import {
  chunkFixed,
  chunkMarkdown,
  chunkSentences,
  listCorpusFiles,
  stripFrontMatter,
  type TextChunk,
  trimSpan,
} from '../../textkit/index.ts';
import { type ChunkingConfig, resolveChunking } from './config.ts';

export interface CorpusDoc {
  id: string;
  /** Relative path with extension, `/`-separated. */
  path: string;
  meta: Record<string, unknown>;
  /** Chunks with offsets into the whole file (front matter included). */
  chunks: TextChunk[];
}

/** Chunk a document body; offsets are shifted by `offset` into the original file. */
export function chunkBody(body: string, offset: number, chunking: ChunkingConfig | undefined): TextChunk[] {
  const c = resolveChunking(chunking);
  let chunks: TextChunk[];
  if (c.strategy === 'fixed') {
    const size = c.maxTokens ?? 300;
    const overlap = Math.floor((size * (c.overlapPercentage ?? 20)) / 100);
    chunks = chunkFixed(body, { size, overlap: Math.min(overlap, size - 1), unit: 'words' });
  } else if (c.strategy === 'markdown') chunks = chunkMarkdown(body, { maxChars: c.maxChars ?? 1500 });
  else if (c.strategy === 'sentences') chunks = chunkSentences(body, { maxChars: c.maxChars ?? 1500 });
  else chunks = [trimSpan(body, 0, body.length)].filter((x) => x !== undefined);
  return chunks.map((ch) => ({ ...ch, start: ch.start + offset, end: ch.end + offset }));
}

/** Read and chunk a corpus folder; throws a one-line Error naming the folder or file on failure. */
export function loadCorpus(corpusDir: string, chunking: ChunkingConfig | undefined): CorpusDoc[] {
  let isDir = false;
  try {
    isDir = statSync(corpusDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new Error(`knowledge base corpus folder not found: ${corpusDir}`);
  const files = listCorpusFiles(corpusDir);
  return files.map(({ full, path }) => {
    const text = readFileSync(full, 'utf8');
    let fm: ReturnType<typeof stripFrontMatter>;
    try {
      fm = stripFrontMatter(text);
    } catch (err) {
      throw new Error(`${full}: ${(err as Error).message}`);
    }
    return {
      id: path.replace(/\.(md|txt)$/i, ''),
      path,
      meta: fm.meta,
      chunks: chunkBody(fm.body, fm.offset, chunking),
    };
  });
}
