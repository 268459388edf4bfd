import type { ArgsDef } from 'citty';

/** The options that choose where requests go, shared by every command that calls models. */
export const backendArgs = {
  backend: {
    type: 'enum',
    options: ['local', 'aws'],
    default: 'local',
    description: 'local backend or AWS',
  },
  region: { type: 'string', description: 'AWS region (default: AWS_REGION, or us-east-1 locally)' },
  profile: {
    type: 'string',
    description: 'AWS shared-config profile (default credential chain otherwise)',
  },
  endpoint: {
    type: 'string',
    description: 'use a running `evalgate local` at this URL instead of starting one',
  },
} satisfies ArgsDef;
