/**
 * Where targets send their requests: the local backend (an endpoint on 127.0.0.1 that speaks the AWS wire
 * protocols) or real AWS (the SDK's default endpoint resolution and credential chain).
 */
export type Backend =
  | { kind: 'local'; endpoint: string; region: string }
  | { kind: 'aws'; region?: string; profile?: string };

/** Dummy static credentials for the local backend: the SDK signs requests, the backend ignores signatures. */
export const LOCAL_CREDENTIALS = {
  accessKeyId: 'evalgate-local',
  secretAccessKey: 'evalgate-local',
} as const;

/** Options every AWS SDK v3 client of ours is built with, for one backend and region. */
export function sdkClientOptions(backend: Backend, region?: string, maxAttempts?: number) {
  const common = maxAttempts === undefined ? {} : { maxAttempts };
  if (backend.kind === 'local') {
    return {
      ...common,
      region: region ?? backend.region,
      endpoint: backend.endpoint,
      credentials: LOCAL_CREDENTIALS,
    };
  }
  const resolvedRegion = region ?? backend.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  return { ...common, ...(resolvedRegion ? { region: resolvedRegion } : {}) };
}

/** A short description for logs and the run record. Never includes credentials. */
export function describeBackend(backend: Backend): string {
  return backend.kind === 'local'
    ? `local (${backend.endpoint})`
    : `aws (${backend.region ?? process.env.AWS_REGION ?? 'default region'})`;
}
