/** The router candidates of a run, read from its stored suite configuration (`runs.config`). */

export interface RouterTargetConfig {
  targetId: string;
  /** The all-strong candidate it is compared with: `router.baseline`, resolved to a target of the run. */
  baseline: string | null;
  /** What `router.baseline` said (for the note when it names no target of the run). */
  baselineWritten: string | null;
  tierLabel: string;
  margin: number;
  /** Declared tiers in order, with the model of each. */
  tiers: { name: string; model: string }[];
}

interface _Target {
  id?: unknown;
  api?: unknown;
  sweepOf?: unknown;
  promptVersion?: unknown;
  router?: {
    tiers?: Record<string, { model?: unknown }>;
    baseline?: unknown;
    tierLabel?: unknown;
    margin?: unknown;
  };
}

/**
 * A baseline id names a target of the run, or the written id of an expanded one (a sweep or the prompt matrix):
 * then the expansion with the router's own prompt version, else the only one.
 */
function _resolve(written: string, router: _Target, targets: readonly _Target[]): string | null {
  if (targets.some((t) => t.id === written)) return written;
  const family = targets.filter((t) => t.sweepOf === written && typeof t.id === 'string');
  const same = family.filter((t) => t.promptVersion === router.promptVersion);
  const pick = same.length === 1 ? same[0] : family.length === 1 ? family[0] : undefined;
  return typeof pick?.id === 'string' ? pick.id : null;
}

/** Every `api: router` target of a suite configuration, with its report settings (defaults filled in). */
export function routerTargets(config: unknown): RouterTargetConfig[] {
  const targets = (config as { targets?: unknown } | null | undefined)?.targets;
  if (!Array.isArray(targets)) return [];
  const all = targets as _Target[];
  return all
    .filter((t) => t.api === 'router' && typeof t.id === 'string' && t.router)
    .map((t) => {
      const r = t.router ?? {};
      const written = typeof r.baseline === 'string' ? r.baseline : null;
      return {
        targetId: t.id as string,
        baseline: written === null ? null : _resolve(written, t, all),
        baselineWritten: written,
        tierLabel: typeof r.tierLabel === 'string' ? r.tierLabel : 'tier',
        margin: typeof r.margin === 'number' ? r.margin : 0.05,
        tiers: Object.entries(r.tiers ?? {}).map(([name, tier]) => ({
          name,
          model: typeof tier?.model === 'string' ? tier.model : '',
        })),
      };
    });
}
