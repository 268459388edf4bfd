/**
 * The guardrails one backend serves, by id: registered from files (options, CLI) or objects (admin route).
 * Re-registering an id replaces its definition.
 */
import type { ResolvedGuardrail } from './definition.ts';
import { type GuardrailDefinition, loadGuardrailFile, parseGuardrailObject } from './load.ts';

export interface GuardrailSummary {
  guardrailId: string;
  origin: string;
  versions: string[];
  /** Per version: which policy blocks it has. */
  policies: Record<string, string[]>;
}

const _POLICY_KEYS = [
  'contentPolicyConfig',
  'topicPolicyConfig',
  'wordPolicyConfig',
  'sensitiveInformationPolicyConfig',
  'contextualGroundingPolicyConfig',
] as const;

/** `arn:aws:bedrock:region:account:guardrail/ID` or a bare id → the id. */
export function guardrailIdOf(identifier: string): string {
  const m = /:guardrail\/([^/:]+)$/.exec(identifier);
  return m?.[1] ?? identifier;
}

function _versionOrder(a: string, b: string): number {
  return Number(a) - Number(b);
}

export class GuardrailRegistry {
  private readonly entries = new Map<string, GuardrailDefinition>();

  /** Register a loaded definition (replacing one with the same id). */
  register(def: GuardrailDefinition): GuardrailSummary {
    this.entries.set(def.guardrailId, def);
    return this.summary(def);
  }

  /** Load and register a file; throws a one-line GuardrailDefinitionError. */
  registerFile(path: string): GuardrailSummary {
    return this.register(loadGuardrailFile(path));
  }

  /** Validate and register a definition object; throws a one-line GuardrailDefinitionError. */
  registerObject(raw: unknown, origin = '(admin)'): GuardrailSummary {
    return this.register(parseGuardrailObject(raw, origin));
  }

  /**
   * The resolved version, or a ResourceNotFound message. `DRAFT` is the `DRAFT` version when the file defines
   * one, else the highest numbered version.
   */
  resolve(identifier: string, version: string): ResolvedGuardrail | { notFound: string } {
    const id = guardrailIdOf(identifier);
    const def = this.entries.get(id);
    if (!def) {
      const known = this.ids().join(', ') || 'none registered';
      return {
        notFound: `Guardrail ${identifier} was not found on the evalgate local backend (has: ${known})`,
      };
    }
    let key = version;
    if (version === 'DRAFT' && !def.versions.DRAFT) {
      key =
        Object.keys(def.versions)
          .filter((k) => k !== 'DRAFT')
          .sort(_versionOrder)
          .at(-1) ?? version;
    }
    const hit = def.versions[key];
    if (hit) return hit;
    const known = Object.keys(def.versions).join(', ');
    return { notFound: `Guardrail ${id} has no version ${version} (has: ${known})` };
  }

  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  list(): GuardrailSummary[] {
    return this.ids().map((id) => this.summary(this.entries.get(id)!));
  }

  summary(def: GuardrailDefinition): GuardrailSummary {
    const versions = Object.keys(def.versions).sort((a, b) =>
      a === 'DRAFT' ? 1 : b === 'DRAFT' ? -1 : _versionOrder(a, b),
    );
    const policies: Record<string, string[]> = {};
    for (const v of versions) {
      const g = def.versions[v]!;
      policies[v] = _POLICY_KEYS.filter((k) => g[k] !== undefined);
    }
    return { guardrailId: def.guardrailId, origin: def.origin, versions, policies };
  }
}
