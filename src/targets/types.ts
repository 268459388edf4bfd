import type { InferenceConfig, Target } from '../core/types.ts';
import type { ClientPool } from './clients.ts';

/** A candidate as a suite declares it (structurally the validated `targets[]` item of the suite schema). */
export interface TargetSpec {
  id: string;
  model: string;
  api?: string;
  inference?: InferenceConfig;
  region?: string;
}

/** One file per target kind exports a `TargetDefinition`; `registry.ts` lists them. */
export interface TargetDefinition {
  /** The suite's `api:` value(s) this definition builds. */
  readonly apis: readonly string[];
  readonly description: string;
  create(spec: TargetSpec, clients: ClientPool): Target;
}
