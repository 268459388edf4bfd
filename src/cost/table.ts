/**
 * The price table: src/cost/prices.yaml, validated with zod when first needed and kept for the process. A bad
 * file fails with one line naming the file, the line and the key (`src/cost/prices.yaml:31:7:
 * models["amazon.nova-pro-v1:0"].regions.us-east-1.output: expected a number >= 0, got -1`).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { throwFirstIssue } from '../config/first-issue.ts';
import { fromZodIssues, suiteErrorMap } from '../config/issues.ts';
import { parseYamlSource } from '../config/yaml-source.ts';
import { EvalgateError } from '../core/errors.ts';
import { type PriceFile, PriceFileSchema } from './schema.ts';

export type { PriceFile } from './schema.ts';

/** The shipped price file. */
export const PRICE_FILE = fileURLToPath(new URL('./prices.yaml', import.meta.url));

/** Parses and validates price-file text; `displayFile` names the file in errors. */
export function parsePriceTable(text: string, displayFile: string): PriceFile {
  const src = parseYamlSource(text, displayFile);
  const parsed = PriceFileSchema.safeParse(src.data, { error: _errorMap });
  if (!parsed.success) throwFirstIssue(src, fromZodIssues(parsed.error.issues));
  return parsed.data;
}

/** Reads, parses and validates a price file. */
export function loadPriceTable(file: string = PRICE_FILE): PriceFile {
  const display = relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new EvalgateError('CONFIG_REFERENCE', `cannot read the price table (${code})`, display);
  }
  return parsePriceTable(text, display);
}

/** The suite wording, plus what a bad record key (a region, an instance type) should look like. */
function _errorMap(iss: Parameters<typeof suiteErrorMap>[0]): string | undefined {
  if (iss.code === 'invalid_key') {
    const inner = (iss.issues as { message?: string }[] | undefined)?.[0]?.message;
    return `bad key ${JSON.stringify(iss.input)}${inner ? `: ${inner}` : ''}`;
  }
  return suiteErrorMap(iss);
}

let _shipped: PriceFile | undefined;

/** The shipped table, loaded once. */
export function priceTable(): PriceFile {
  _shipped ??= loadPriceTable();
  return _shipped;
}
