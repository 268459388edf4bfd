/**
 * bin/launch.mjs: the CLI's bundle keeps each source's own `import.meta.url` (files next to a module are found
 * from it) and is rebuilt when a source changes, not otherwise.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bundled } from '../../bin/launch.mjs';

const run = async (file: string) => (await promisify(execFile)(process.execPath, [file])).stdout.trim();

describe('bin/launch.mjs bundled()', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('keeps import.meta.url per source and rebuilds only when a source changed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evalgate-bundle-'));
    dirs.push(dir);
    await writeFile(join(dir, 'main.ts'), "import { where } from './lib/where.ts';\nconsole.log(where());\n");
    await mkdir(join(dir, 'lib'));
    const lib = join(dir, 'lib/where.ts');
    await writeFile(lib, "export const where = (): string => new URL('./data.txt', import.meta.url).href;\n");

    const out = await bundled(join(dir, 'main.ts'));
    expect(await run(out)).toBe(pathToFileURL(join(dir, 'lib/data.txt')).href);
    const built = (await stat(out)).mtimeMs;

    expect(await bundled(join(dir, 'main.ts'))).toBe(out);
    expect((await stat(out)).mtimeMs).toBe(built);

    await writeFile(lib, "export const where = (): string => `v2 ${new URL('.', import.meta.url).href}`;\n");
    await bundled(join(dir, 'main.ts'));
    expect(await run(out)).toBe(`v2 ${pathToFileURL(join(dir, 'lib')).href}/`);
  });

  it('a source that does not compile throws (bin/evalgate.mjs then runs the CLI through tsx)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evalgate-bundle-'));
    dirs.push(dir);
    await writeFile(join(dir, 'bad.ts'), 'export const = ;\n');
    await expect(bundled(join(dir, 'bad.ts'))).rejects.toThrow(/Expected identifier|Build failed/);
  });
});
