/**
 * The app's parameters, read from CDK context (`cdk.json` "context", or `-c key=value` on the command line, where
 * every value is a string: lists may be written comma-separated, objects as JSON). Defaults make `cdk synth` work
 * with no context at all. Problems are one-line EvalgateErrors naming the context key.
 */
import { EvalgateError } from '../../src/core/errors.ts';

export interface CanaryConfig {
  /** Percent of traffic on the canary variant, per step, increasing, ending at 100. */
  stages: number[];
  /** Minutes to wait at each stage before the gate. */
  waitMinutes: number;
  /** Suites (repo-relative) the gate job runs at each stage: the quality rules, and where the endpoint comes from. */
  suites: string[];
  /** The SageMaker endpoint whose variant weights shift (default: the one endpoint of `suites`). */
  endpoint?: string;
  /** Production variants (default: the first two variants the suites pin, baseline first). */
  baselineVariant?: string;
  canaryVariant?: string;
}

export interface InfraConfig {
  account?: string;
  region?: string;
  /** Suites (files or folders, repo-relative) the nightly job runs; their resources scope its role. */
  suites: string[];
  /** EventBridge schedule expression of the nightly run. */
  schedule: string;
  /** Git URL the jobs clone (public, or reachable with the build's credentials), and the branch. */
  sourceRepo: string;
  sourceBranch: string;
  /** Days a run's files (runs/ prefix) are kept; they move to Standard-IA after `infrequentAccessDays`. */
  retentionDays: number;
  infrequentAccessDays: number;
  /** Days an overwritten or deleted object version is kept (the results database history). */
  noncurrentVersionDays: number;
  notifyEmail?: string;
  profileRegions: Record<string, string[]>;
  canary: CanaryConfig;
}

export const DEFAULTS = {
  suites: ['suites'],
  schedule: 'cron(0 3 * * ? *)',
  sourceRepo: 'https://github.com/OWNER/evalgate.git',
  sourceBranch: 'main',
  retentionDays: 365,
  infrequentAccessDays: 30,
  noncurrentVersionDays: 30,
  canaryStages: [10, 25, 50, 75, 100],
  canaryWaitMinutes: 10,
  canarySuites: ['suites/sagemaker-variants.yaml'],
} as const;

type _Get = (key: string) => unknown;

const _bad = (key: string, what: string): never => {
  throw new EvalgateError('USAGE', `expected ${what}`, `cdk context ${key}`);
};

function _list(get: _Get, key: string, fallback: readonly string[]): string[] {
  const v = get(key);
  if (v === undefined) return [...fallback];
  const items = Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v.split(',')
      : _bad(key, 'a list or a comma-separated string');
  const out = items.map((x) => String(x).trim()).filter(Boolean);
  return out.length ? out : _bad(key, 'at least one item');
}

function _string(get: _Get, key: string): string | undefined {
  const v = get(key);
  if (v === undefined || v === '') return undefined;
  return typeof v === 'string' ? v : _bad(key, 'a string');
}

function _int(get: _Get, key: string, fallback: number, min: number): number {
  const v = get(key);
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : Number(String(v));
  return Number.isInteger(n) && n >= min ? n : _bad(key, `an integer >= ${min}, got "${String(v)}"`);
}

function _stages(get: _Get): number[] {
  const key = 'canaryStages';
  const stages = _list(get, key, DEFAULTS.canaryStages.map(String)).map(Number);
  const ok = stages.every(
    (s, i) => Number.isInteger(s) && s > 0 && s <= 100 && (i === 0 || s > (stages[i - 1] ?? 0)),
  );
  if (!ok || stages[stages.length - 1] !== 100)
    _bad(key, 'increasing whole percentages in (0, 100] ending at 100');
  return stages;
}

function _profileRegions(get: _Get): Record<string, string[]> {
  const key = 'profileRegions';
  let v = get(key);
  if (v === undefined) return {};
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      _bad(key, 'a JSON object such as {"us":["us-east-1","us-west-2"]}');
    }
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return _bad(key, 'an object: geography → regions');
  const out: Record<string, string[]> = {};
  for (const [geo, regions] of Object.entries(v)) {
    if (
      !Array.isArray(regions) ||
      !regions.every((r) => typeof r === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(r))
    )
      _bad(`${key}.${geo}`, 'a list of region names such as us-east-1');
    out[geo] = regions as string[];
  }
  return out;
}

/** Reads and checks every parameter; `get` is `node.tryGetContext`. */
export function readConfig(get: _Get): InfraConfig {
  const canary: CanaryConfig = {
    stages: _stages(get),
    waitMinutes: _int(get, 'canaryWaitMinutes', DEFAULTS.canaryWaitMinutes, 1),
    suites: _list(get, 'canarySuites', DEFAULTS.canarySuites),
  };
  const optional = {
    endpoint: 'canaryEndpoint',
    baselineVariant: 'canaryBaselineVariant',
    canaryVariant: 'canaryVariant',
  };
  for (const [field, key] of Object.entries(optional)) {
    const v = _string(get, key);
    if (v !== undefined) canary[field as keyof typeof optional] = v;
  }
  const account = _string(get, 'account');
  const region = _string(get, 'region');
  if (account !== undefined && !/^\d{12}$/.test(account)) _bad('account', 'a 12-digit AWS account id');
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    _bad('region', 'a region name such as us-east-1');
  const schedule = _string(get, 'schedule') ?? DEFAULTS.schedule;
  if (!/^(cron|rate)\(.+\)$/.test(schedule))
    _bad('schedule', 'an EventBridge expression: cron(…) or rate(…)');
  const email = _string(get, 'notifyEmail');
  if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) _bad('notifyEmail', 'an e-mail address');
  return {
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    suites: _list(get, 'suites', DEFAULTS.suites),
    schedule,
    sourceRepo: _string(get, 'sourceRepo') ?? DEFAULTS.sourceRepo,
    sourceBranch: _string(get, 'sourceBranch') ?? DEFAULTS.sourceBranch,
    retentionDays: _int(get, 'retentionDays', DEFAULTS.retentionDays, 1),
    infrequentAccessDays: _int(get, 'infrequentAccessDays', DEFAULTS.infrequentAccessDays, 30),
    noncurrentVersionDays: _int(get, 'noncurrentVersionDays', DEFAULTS.noncurrentVersionDays, 1),
    ...(email ? { notifyEmail: email } : {}),
    profileRegions: _profileRegions(get),
    canary,
  };
}
