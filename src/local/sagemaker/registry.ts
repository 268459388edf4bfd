/**
 * The local SageMaker endpoints of one backend, registered from definition files (options, admin route, CLI
 * flag); a later registration of the same endpoint name replaces it. Also decides which variant or inference
 * component serves a request, as SageMaker does.
 */
import { resolve } from 'node:path';
import { fnv1a } from '../prng.ts';
import {
  type EndpointDefinition,
  type EndpointsFile,
  loadEndpointsFile,
  parseEndpoints,
  type Serving,
  type VariantDefinition,
} from './config.ts';

export interface EndpointSummary {
  name: string;
  variants: { name: string; weight: number; instanceType: string; instanceCount: number; model: string }[];
  inferenceComponents: string[];
}

/** Who answers a request: the variant (reported in x-Amzn-Invoked-Production-Variant) and what it runs. */
export interface Routed {
  variant: VariantDefinition;
  component?: string;
  serving: Serving;
}

/** A request the endpoint refuses before any container sees it (SageMaker's ValidationError). */
export class RoutingError extends Error {}

export class EndpointRegistry {
  private readonly endpoints = new Map<string, EndpointDefinition>();

  /** Register a definitions file (path) or parsed definitions; returns the names registered. */
  register(input: string | unknown, source?: string): string[] {
    const file: EndpointsFile =
      typeof input === 'string' ? loadEndpointsFile(resolve(input)) : parseEndpoints(input, source);
    for (const [name, def] of Object.entries(file.endpoints)) this.endpoints.set(name, def);
    return Object.keys(file.endpoints);
  }

  get(name: string): EndpointDefinition | undefined {
    return this.endpoints.get(name);
  }

  list(): EndpointSummary[] {
    return [...this.endpoints.keys()].sort().map((name) => {
      const e = this.endpoints.get(name)!;
      return {
        name,
        variants: e.variants.map((v) => ({
          name: v.name,
          weight: v.weight,
          instanceType: v.instanceType,
          instanceCount: v.instanceCount,
          model: v.model,
        })),
        inferenceComponents: (e.inferenceComponents ?? []).map((c) => c.name),
      };
    });
  }
}

/**
 * Pick what serves a request: the inference component named by the header (endpoints with components require
 * one), else the variant named by X-Amzn-SageMaker-Target-Variant, else a weighted choice by a hash of the body
 * (deterministic: the same payload always lands on the same variant).
 */
export function routeRequest(
  name: string,
  endpoint: EndpointDefinition,
  body: Buffer,
  targetVariant: string | undefined,
  component: string | undefined,
): Routed {
  const components = endpoint.inferenceComponents ?? [];
  if (component !== undefined) {
    const c = components.find((x) => x.name === component);
    if (!c) throw new RoutingError(`Inference component ${component} not found for endpoint ${name}.`);
    const variant = endpoint.variants.find((v) => v.name === (c.variant ?? endpoint.variants[0]!.name))!;
    return { variant, component: c.name, serving: c };
  }
  if (components.length > 0)
    throw new RoutingError(
      `Inference Component Name header is required for endpoint ${name}, which hosts inference components.`,
    );
  if (targetVariant !== undefined) {
    const v = endpoint.variants.find((x) => x.name === targetVariant);
    if (!v) throw new RoutingError(`Variant ${targetVariant} not found for endpoint ${name}.`);
    return { variant: v, serving: v };
  }
  const picked = pickByWeight(endpoint.variants, body);
  return { variant: picked, serving: picked };
}

/** Weighted choice: fnv1a(body) mod 10,000 as a point in [0, 1) over the cumulative weights. */
export function pickByWeight(variants: readonly VariantDefinition[], body: Buffer): VariantDefinition {
  const total = variants.reduce((s, v) => s + v.weight, 0);
  const point = ((fnv1a(body.toString('latin1')) % 10_000) / 10_000) * total;
  let acc = 0;
  for (const v of variants) {
    acc += v.weight;
    if (v.weight > 0 && point < acc) return v;
  }
  return [...variants].reverse().find((v) => v.weight > 0)!;
}
