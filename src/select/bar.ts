/**
 * Where the bar comes from: the CLI flags (`--bar 'contains>=0.8'`, `--reference T --margin M --metric X`,
 * `--tiers COLUMN`) when given, else the run's suite `select:` block.
 */
import { SelectSchema } from '../config/select-schema.ts';
import { EvalgateError } from '../core/errors.ts';
import type { BarRule } from './types.ts';

export interface BarFlags {
  /** Each `--bar` value (a value may be a comma list). */
  bar?: readonly string[];
  reference?: string;
  margin?: string;
  /** Metric(s) of the non-inferiority rule, comma list. */
  metric?: string;
  tiers?: string;
}

export interface ResolvedBar {
  bar: BarRule[];
  /** Tier column, when tiers are asked for. */
  tiers?: string;
  /** Where the bar came from (for messages): `--bar`, or `<suite file> select:`. */
  source: string;
}

const _EXPR = /^\s*([A-Za-z0-9_.@:-]+)\s*(>=|<=)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/i;

/** `contains>=0.8,latency_ms<=900` → rules (a metric's >= and <= in one expression stay two rules). */
export function parseBarExpr(text: string): BarRule[] {
  return text
    .split(',')
    .filter((p) => p.trim() !== '')
    .map((part) => {
      const m = _EXPR.exec(part);
      if (!m)
        throw new EvalgateError(
          'USAGE',
          `--bar "${part.trim()}": expected METRIC>=NUMBER or METRIC<=NUMBER, e.g. contains>=0.8`,
        );
      const [, metric = '', op, num] = m;
      return op === '>=' ? { metric, min: Number(num) } : { metric, max: Number(num) };
    });
}

/** The bar from the flags when any bar flag is given (they replace the suite's bar), else from the suite. */
export function resolveBar(config: unknown, suiteFile: string, flags: BarFlags): ResolvedBar {
  const fromFlags = _flagRules(flags);
  const block = _suiteBlock(config, suiteFile);
  const tiers = flags.tiers ?? block?.tiers;
  const withTiers = tiers !== undefined && tiers !== '' ? { tiers } : {};
  if (fromFlags.length > 0) return { bar: fromFlags, ...withTiers, source: 'command line' };
  if (!block)
    throw new EvalgateError(
      'USAGE',
      `select needs a bar: --bar 'METRIC>=NUMBER' (or --reference T --margin M --metric X), or a select: block in ${suiteFile}`,
    );
  return { bar: block.bar, ...withTiers, source: `${suiteFile} select:` };
}

function _flagRules(flags: BarFlags): BarRule[] {
  const rules = (flags.bar ?? []).flatMap(parseBarExpr);
  const ni = [flags.reference, flags.margin, flags.metric];
  if (ni.every((x) => x === undefined)) return rules;
  if (ni.some((x) => x === undefined || x === ''))
    throw new EvalgateError(
      'USAGE',
      'a non-inferiority bar needs all of --reference T, --margin M and --metric X',
    );
  const margin = Number(flags.margin);
  if (!Number.isFinite(margin) || margin < 0)
    throw new EvalgateError('USAGE', `--margin expects a number >= 0, got "${flags.margin}"`);
  const reference = flags.reference as string;
  const metrics = (flags.metric as string)
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  return [...rules, ...metrics.map((metric) => ({ metric, nonInferiority: { reference, margin } }))];
}

function _suiteBlock(config: unknown, suiteFile: string) {
  const raw = (config as { select?: unknown } | null | undefined)?.select;
  if (raw === undefined || raw === null) return undefined;
  const parsed = SelectSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = ['select', ...(issue?.path ?? [])].join('.');
    throw new EvalgateError('CONFIG_SCHEMA', `${path}: ${issue?.message ?? 'invalid'}`, suiteFile);
  }
  return parsed.data;
}

/** Every value of a repeatable string flag in raw argv (`--bar X`, `--bar=X`); citty keeps only the last. */
export function repeatedFlag(rawArgs: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const a = rawArgs[i] as string;
    if (a === '--') break;
    if (a === `--${name}`) {
      const v = rawArgs[i + 1];
      if (v !== undefined) out.push(v);
      i++;
    } else if (a.startsWith(`--${name}=`)) out.push(a.slice(name.length + 3));
  }
  return out;
}
