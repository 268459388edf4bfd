/** The one file-system helper of textkit: the documents of a corpus folder, as both knowledge bases read them. */
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export interface CorpusFile {
  /** Absolute path. */
  full: string;
  /** Path relative to the corpus folder, `/`-separated (the document id is this without its extension). */
  path: string;
}

/** Every `.md` / `.txt` file under `dir` (recursively, dot-entries skipped), sorted by relative path. */
export function listCorpusFiles(dir: string): CorpusFile[] {
  return _walk(dir)
    .map((full) => ({ full, path: relative(dir, full).split(sep).join('/') }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function _walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(..._walk(full));
    else if (entry.isFile() && /\.(md|txt)$/i.test(entry.name)) out.push(full);
  }
  return out;
}
