import { createHash } from 'node:crypto';
import type { TargetRequest } from '../core/types.ts';

/** Everything that shapes a response, and so names its cache entry. */
export interface CacheKeyParts {
  /** `local` or `aws`: a local stand-in's answer is never served for an AWS call (the endpoint URL is not part). */
  backend: string;
  /** Target kind (API), e.g. `bedrock-converse` vs `bedrock-converse-stream`. */
  kind: string;
  modelId: string;
  region: string;
  /** The fully rendered request: prompt, system prompt, inference config, guardrail parts, prompt variables. */
  request: TargetRequest;
  /** Repeats are independent samples: repeat 1 never reuses repeat 0's answer. */
  repeat: number;
}

/** Bump when the key's recipe changes, so old entries stop matching instead of matching wrongly. */
const KEY_VERSION = 1;

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` name the same entry; undefined fields are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical JSON of the parts. */
export function cacheKey(parts: CacheKeyParts): string {
  const r = parts.request;
  const text = canonicalJson({
    v: KEY_VERSION,
    backend: parts.backend,
    kind: parts.kind,
    modelId: parts.modelId,
    region: parts.region,
    repeat: parts.repeat,
    // `guardrail` (ApplyGuardrail grounding source, query, source) is absent for other targets: their keys stay as they were
    request: {
      prompt: r.prompt,
      system: r.system,
      inferenceConfig: r.inferenceConfig,
      guardrail: r.guardrail,
      // a managed prompt's request is its variables (the prompt text lives in Bedrock; its ARN is in the kind)
      promptVariables: r.promptVariables,
    },
  });
  return createHash('sha256').update(text).digest('hex');
}
