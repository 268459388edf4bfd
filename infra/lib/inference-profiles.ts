/**
 * Where a system-defined cross-region inference profile may send a request. AWS documents (Bedrock user guide,
 * "Geographic cross-Region inference", IAM policy requirements) that invoking a geographic profile needs
 * `bedrock:InvokeModel` on the profile ARN in the source region AND on the foundation model in every destination
 * region of the profile; the exact destination list depends on the model (its model page lists it). Offline we
 * cannot look it up, so a geography is scoped to the commercial regions of that geography below: a superset of
 * any one model's list, never a region outside the geography. Override per prefix with the `profileRegions`
 * context value (README).
 *
 * A `global.` profile may route to any commercial region: AWS documents the foundation-model ARN without region
 * or account (`arn:aws:bedrock:::foundation-model/ID`) under the condition `aws:RequestedRegion` = `unspecified`,
 * plus the source region's foundation model (see `arns.ts`).
 */

export const GEOGRAPHY_REGIONS: Readonly<Record<string, readonly string[]>> = {
  us: ['us-east-1', 'us-east-2', 'us-west-1', 'us-west-2'],
  'us-gov': ['us-gov-east-1', 'us-gov-west-1'],
  ca: ['ca-central-1', 'ca-west-1'],
  eu: [
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
  ],
  apac: [
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
  ],
  jp: ['ap-northeast-1', 'ap-northeast-3'],
  au: ['ap-southeast-2', 'ap-southeast-4'],
};

/** `us.anthropic.claude-…` → `{ geography: 'us', modelId: 'anthropic.claude-…' }`; undefined for other ids. */
export function splitProfileId(id: string): { geography: string; modelId: string } | undefined {
  const m = /^(us-gov|us|eu|apac|jp|au|ca|global)\.([a-z0-9-]+\..+)$/.exec(id);
  if (!m?.[1] || !m[2]) return undefined;
  return { geography: m[1], modelId: m[2] };
}

/** The destination regions of a geography (`overrides` first); undefined for `global` and unknown prefixes. */
export function destinationRegions(
  geography: string,
  overrides: Readonly<Record<string, readonly string[]>> = {},
): readonly string[] | undefined {
  if (geography === 'global') return undefined;
  return overrides[geography] ?? GEOGRAPHY_REGIONS[geography];
}
