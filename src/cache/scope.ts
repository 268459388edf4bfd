import type { Backend } from '../targets/backend.ts';

/** The backend kind and region a target's calls go to, as the cache key names them. */
export function cacheEnv(backend: Backend, targetRegion?: string): { backend: string; region: string } {
  const region =
    targetRegion ??
    backend.region ??
    (backend.kind === 'aws' ? (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION) : undefined) ??
    '';
  return { backend: backend.kind, region };
}
