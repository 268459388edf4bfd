/**
 * The requests an HTTP load profile sends: method, the URL's path, headers, and bodies rendered from the
 * profile's handlebars `body` over each dataset row (drawn round-robin by the generator). Rendering happens
 * once, before any traffic, so a template error is reported as one line before anything is sent.
 */
import Handlebars from 'handlebars';
import { displayPathOf } from '../config/suite-files.ts';
import { templateRefs } from '../config/template-vars.ts';
import { EvalgateError } from '../core/errors.ts';
import { readCsv } from '../datasets/csv.ts';
import { readJsonl } from '../datasets/jsonl.ts';
import type { RawRecord } from '../datasets/types.ts';
import { preflightHttp } from './preflight.ts';
import { type HttpTargetSpec, type LoadedProfile, resolveHttpUrl } from './profile.ts';

/** Rows read from a dataset at most (bodies are kept in memory, one buffer per row per connection). */
export const MAX_BODY_ROWS = 2_000;

export interface HttpRequestPlan {
  /** Absolute URL traffic goes to (scheme, host, port, path). */
  url: string;
  method: string;
  headers: Record<string, string>;
  /** Bodies in round-robin order; empty for requests without a body. */
  bodies: string[];
  timeoutMs: number;
}

const _hbs = Handlebars.create();
/** `{{json x}}` writes `x` as a JSON literal (a quoted, escaped string for text). */
_hbs.registerHelper('json', (value: unknown) => JSON.stringify(value ?? null));

async function _rows(file: string, display: string): Promise<Record<string, unknown>[]> {
  const reader: AsyncGenerator<RawRecord> = file.toLowerCase().endsWith('.jsonl')
    ? readJsonl(file)
    : readCsv(file);
  const rows: Record<string, unknown>[] = [];
  for await (const rec of reader) {
    if (!rec.ok) throw new EvalgateError('DATASET_ROW', rec.message, `${display} row ${rec.row}`);
    rows.push(rec.values);
    if (rows.length >= MAX_BODY_ROWS) break;
  }
  if (rows.length === 0) throw new EvalgateError('DATASET_FILE', 'the dataset has no rows', display);
  return rows;
}

/**
 * Render the target's bodies. `url` is the resolved URL (see resolveHttpUrl); `datasetFile` the absolute
 * dataset path; `where` names the profile for errors.
 */
export async function buildHttpRequests(
  target: HttpTargetSpec,
  url: string,
  options: { datasetFile?: string; datasetDisplay?: string; where: string },
): Promise<HttpRequestPlan> {
  const plan: HttpRequestPlan = {
    url,
    method: target.method,
    headers: { ...target.headers },
    bodies: [],
    timeoutMs: target.timeoutMs ?? 10_000,
  };
  if (target.body === undefined) return plan;
  // `{"q": {{json q}}}` ends in `}}}`, which handlebars reads as a triple-stash close: split it with `{{!}}`.
  const source = target.body.replace(/(?<!\{)\{\{(?!\{)([^{}]*?)\}\}\}/g, '{{$1}}{{!}}}');
  let render: (vars: Record<string, unknown>) => string;
  try {
    _hbs.parse(source);
    render = _hbs.compile(source, { noEscape: true, strict: true });
  } catch (err) {
    throw new EvalgateError('CONFIG_SCHEMA', `target.http.body: ${_oneLine(err)}`, options.where);
  }
  const rows = options.datasetFile
    ? await _rows(options.datasetFile, options.datasetDisplay ?? options.datasetFile)
    : [{}];
  // Strict mode does not check helper arguments (`{{json x}}`): check the variables against the row fields.
  const fields = new Set(Object.keys(rows[0] ?? {}));
  const missing = templateRefs(source).variables.filter((v) => !fields.has(v));
  if (missing.length > 0) {
    const have = fields.size > 0 ? `the dataset has ${[...fields].join(', ')}` : 'no dataset is set';
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `target.http.body uses ${missing.map((m) => `"${m}"`).join(', ')}, but ${have}`,
      options.where,
    );
  }
  plan.bodies = rows.map((row, i) => {
    try {
      return render(row);
    } catch (err) {
      const at = options.datasetFile ? ` (dataset row ${i + 1})` : '';
      throw new EvalgateError('CONFIG_REFERENCE', `target.http.body${at}: ${_oneLine(err)}`, options.where);
    }
  });
  return plan;
}

/** A handlebars error on one line: `Parse error on line 1: … Expecting …` keeps its first and last lines. */
function _oneLine(err: unknown): string {
  const lines = (err instanceof Error ? err.message : String(err)).split('\n').filter((l) => l.trim() !== '');
  if (lines.length <= 1) return lines[0] ?? '';
  return `${lines[0]} ${lines[lines.length - 1]}`;
}

/**
 * Everything before the first request of an HTTP profile: resolve `local:` URLs against `localBaseUrl`, render
 * the bodies, and the TCP pre-flight to the named host:port. Throws a one-line EvalgateError; sends nothing.
 */
export async function planHttpLoad(
  loaded: LoadedProfile,
  options: { localBaseUrl?: string } = {},
): Promise<HttpRequestPlan> {
  const target = loaded.profile.target.http;
  if (!target) throw new EvalgateError('TARGET', 'the profile has no target.http', loaded.displayPath);
  const url = resolveHttpUrl(target.url, options.localBaseUrl, loaded.displayPath);
  const plan = await buildHttpRequests(target, url, {
    ...(loaded.datasetFile
      ? { datasetFile: loaded.datasetFile, datasetDisplay: displayPathOf(loaded.datasetFile) }
      : {}),
    where: loaded.displayPath,
  });
  await preflightHttp(url, loaded.displayPath);
  return plan;
}
