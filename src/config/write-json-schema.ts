/** Writes schema/suite.schema.json. Run: `npx tsx src/config/write-json-schema.ts` (from the repo root). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportSuiteJsonSchema } from './json-schema.ts';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema/suite.schema.json');
await mkdir(dirname(out), { recursive: true });
await writeFile(out, `${JSON.stringify(exportSuiteJsonSchema(), null, 2)}\n`);
console.log(`wrote ${out}`);
