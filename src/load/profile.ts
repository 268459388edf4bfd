/**
 * Load profiles (loadtests/*.yaml): the zod schema and `loadProfile`, which validates a file and reports the
 * first problem as ONE line `file:line:col: path: what` (like suites). Every profile is bounded: `bounds` is
 * required, and the shape's total time may not exceed `bounds.maxSeconds`.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { throwFirstIssue } from '../config/first-issue.ts';
import { fromZodIssues, type IssuePath, type SuiteIssue, suiteErrorMap } from '../config/issues.ts';
import { displayPathOf } from '../config/suite-files.ts';
import { parseYamlSource } from '../config/yaml-source.ts';
import { EvalgateError } from '../core/errors.ts';

const _missing =
  (what: string) =>
  (iss: { input?: unknown }): string | undefined =>
    iss.input === undefined ? `missing required field (${what})` : undefined;

const _seconds = z.number().positive().max(86_400);
const _count = z.number().int().positive();

/** `http://…`, `https://…`, or `local:/path` (resolved against the running local backend). */
const HttpUrl = z
  .string()
  .regex(/^(https?:\/\/[^\s/?#]+[^\s]*|local:\/[^\s]*)$/, 'expected an http(s):// URL or local:/path');

const HttpTargetSchema = z.strictObject({
  url: HttpUrl,
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).default('GET'),
  headers: z.record(z.string(), z.string()).default({}),
  /** Handlebars over a dataset row (`{{json question}}` writes a JSON string). */
  body: z.string().optional(),
  /** .csv or .jsonl, relative to the profile file; rows drawn round-robin. */
  dataset: z.string().min(1).optional(),
  /** Per-request timeout, ms (default 10000; autocannon's resolution: at least 1000). */
  timeoutMs: z.number().int().min(1000).max(600_000).optional(),
});

const SuiteTargetSchema = z.strictObject({
  suite: z.string().min(1),
  target: z.string().min(1),
  api: z.enum(['converse-stream', 'invoke-stream', 'sagemaker-stream']).optional(),
});

const TargetSchema = z
  .strictObject({ http: HttpTargetSchema.optional(), suiteTarget: SuiteTargetSchema.optional() })
  .refine((t) => (t.http === undefined) !== (t.suiteTarget === undefined), {
    message: 'expected exactly one of http, suiteTarget',
  });

const ClosedSchema = z.strictObject({
  concurrency: z.array(_count.max(10_000)).min(1).max(100),
  stepSeconds: _seconds,
});
const OpenSchema = z.strictObject({
  rates: z.array(z.number().positive().max(100_000)).min(1).max(100),
  stepSeconds: _seconds,
  arrival: z.enum(['constant', 'poisson']).default('constant'),
});
const SoakSchema = z.strictObject({ concurrency: _count.max(10_000), seconds: _seconds });

const ShapeSchema = z
  .strictObject({ closed: ClosedSchema.optional(), open: OpenSchema.optional(), soak: SoakSchema.optional() })
  .refine((s) => [s.closed, s.open, s.soak].filter((x) => x !== undefined).length === 1, {
    message: 'expected exactly one of closed, open, soak',
  });

const BoundsSchema = z.strictObject(
  { maxRequests: _count.max(100_000_000), maxSeconds: _seconds },
  { error: _missing('every load profile must set bounds: { maxRequests, maxSeconds }') },
);

export const GATE_METRICS = [
  'error_rate',
  'throttle_rate',
  'p50_ms',
  'p90_ms',
  'p95_ms',
  'p99_ms',
  'ttft_p99_ms',
] as const;

const GateRuleSchema = z
  .strictObject({
    metric: z.enum(GATE_METRICS),
    max: z.number().nonnegative().optional(),
    maxRatioToBaseline: z.number().positive().optional(),
  })
  .refine((r) => r.max !== undefined || r.maxRatioToBaseline !== undefined, {
    message: 'expected max and/or maxRatioToBaseline',
  });

export const LoadProfileSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][\w.-]*$/, 'expected a name of letters, digits, "_", "-", "."'),
  description: z.string().optional(),
  target: TargetSchema,
  shape: ShapeSchema,
  bounds: BoundsSchema,
  slo: z.strictObject({ p99Ms: z.number().positive() }).optional(),
  gate: z.array(GateRuleSchema).optional(),
});

export type LoadProfile = z.infer<typeof LoadProfileSchema>;
export type HttpTargetSpec = z.infer<typeof HttpTargetSchema>;
export type SuiteTargetSpec = z.infer<typeof SuiteTargetSchema>;
export type LoadShape = z.infer<typeof ShapeSchema>;
export type LoadGateRule = z.infer<typeof GateRuleSchema>;

export interface LoadedProfile {
  /** Absolute path of the profile file. */
  file: string;
  dir: string;
  /** Relative to cwd, for messages. */
  displayPath: string;
  profile: LoadProfile;
  /** sha256 (hex) of the file text. */
  hash: string;
  /** Absolute paths of `target.http.dataset` / `target.suiteTarget.suite`, when set. */
  datasetFile?: string;
  suiteFile?: string;
}

/** Seconds the shape runs in total (the sum of its steps). */
export function shapeSeconds(shape: LoadShape): number {
  if (shape.closed) return shape.closed.concurrency.length * shape.closed.stepSeconds;
  if (shape.open) return shape.open.rates.length * shape.open.stepSeconds;
  return shape.soak?.seconds ?? 0;
}

function _shapeSteps(shape: LoadShape): number {
  return shape.closed?.concurrency.length ?? shape.open?.rates.length ?? 1;
}

/** Bound (and target × shape) checks zod cannot express field by field. */
function _boundIssues(p: LoadProfile): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  const total = shapeSeconds(p.shape);
  if (total > p.bounds.maxSeconds + 1e-9) {
    issues.push({
      path: ['bounds', 'maxSeconds'],
      message: `the shape runs ${total} s in total, more than bounds.maxSeconds (${p.bounds.maxSeconds})`,
      code: 'CONFIG_SCHEMA',
    });
  }
  const steps = _shapeSteps(p.shape);
  if (p.bounds.maxRequests < steps) {
    issues.push({
      path: ['bounds', 'maxRequests'],
      message: `expected at least one request per step (${steps} steps), got ${p.bounds.maxRequests}`,
      code: 'CONFIG_SCHEMA',
    });
  }
  if (p.target.http && p.shape.open?.arrival === 'poisson') {
    issues.push({
      path: ['shape', 'open', 'arrival'],
      message:
        'HTTP targets support constant arrival only (autocannon overallRate); poisson is for suiteTarget',
      code: 'CONFIG_SCHEMA',
    });
  }
  return issues;
}

async function _isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Validate profile YAML text; `displayFile` names it in errors; `dir` resolves relative paths. */
export async function parseProfile(
  text: string,
  displayFile: string,
  dir: string,
): Promise<Omit<LoadedProfile, 'file' | 'dir' | 'displayPath' | 'hash'>> {
  const src = parseYamlSource(text, displayFile);
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    throw new EvalgateError(
      'CONFIG_SCHEMA',
      'expected a mapping (name, target, shape, bounds)',
      `${displayFile}:1:1`,
    );
  }
  const parsed = LoadProfileSchema.safeParse(src.data, { error: suiteErrorMap });
  if (!parsed.success) throwFirstIssue(src, fromZodIssues(parsed.error.issues));
  const profile = parsed.data;
  const bounds = _boundIssues(profile);
  if (bounds.length > 0) throwFirstIssue(src, bounds);
  const out: Omit<LoadedProfile, 'file' | 'dir' | 'displayPath' | 'hash'> = { profile };
  const refs: [IssuePath, string | undefined, 'datasetFile' | 'suiteFile', string][] = [
    [['target', 'http', 'dataset'], profile.target.http?.dataset, 'datasetFile', 'dataset'],
    [['target', 'suiteTarget', 'suite'], profile.target.suiteTarget?.suite, 'suiteFile', 'suite'],
  ];
  for (const [path, rel, key, what] of refs) {
    if (rel === undefined) continue;
    const abs = resolve(dir, rel);
    if (!(await _isFile(abs)))
      throwFirstIssue(src, [
        { path, message: `${what} not found: ${displayPathOf(abs)}`, code: 'CONFIG_REFERENCE' },
      ]);
    out[key] = abs;
  }
  return out;
}

/** Read and validate a load profile file; throws a one-line EvalgateError on the first problem. */
export async function loadProfile(path: string): Promise<LoadedProfile> {
  const file = resolve(path);
  const displayPath = displayPathOf(file);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new EvalgateError('CONFIG_REFERENCE', 'load profile not found', displayPath);
  }
  const dir = dirname(file);
  const parsed = await parseProfile(text, displayPath, dir);
  const hash = createHash('sha256').update(text).digest('hex');
  return { file, dir, displayPath, hash, ...parsed };
}

/**
 * The URL traffic goes to: `local:/chat` → `<localBaseUrl>/chat`; an http(s) URL as written. Throws when a
 * `local:` URL is used without a local backend.
 */
export function resolveHttpUrl(url: string, localBaseUrl: string | undefined, where: string): string {
  if (!url.startsWith('local:')) return url;
  if (localBaseUrl === undefined) {
    throw new EvalgateError(
      'TARGET',
      `target.http.url ${url} needs the local backend (--backend local)`,
      where,
    );
  }
  return `${localBaseUrl.replace(/\/+$/, '')}${url.slice('local:'.length)}`;
}
