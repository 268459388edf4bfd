/**
 * The IAM statements (plain data, turned into CDK `PolicyStatement`s by `policies.ts`) that let a job call what
 * its suites name, and nothing else:
 * - foundation models `arn:P:bedrock:R::foundation-model/ID`; inference profile ids `arn:P:bedrock:R:A:inference-profile/ID`
 *   plus the foundation model in each region the profile routes to (`inference-profiles.ts`), usable only through
 *   that profile (`bedrock:InferenceProfileArn`); ARNs used as they are;
 * - Prompt Management prompts: `bedrock:RenderPrompt` on the prompt and the prompt version;
 * - guardrails `bedrock:ApplyGuardrail`; knowledge bases `bedrock:Retrieve`; endpoints `sagemaker:InvokeEndpoint…`;
 * - `bedrock:RetrieveAndGenerate` and `bedrock:Rerank` support no resource-level permissions (Service
 *   Authorization Reference: no resource type), so they are the only statements with Resource `*`, each limited by
 *   `aws:RequestedRegion` and only present when a suite uses them. Both do nothing alone: the knowledge base and the
 *   models they use are authorized by the scoped statements above.
 * `partition`, `region` and `account` may be CDK tokens (environment-agnostic stacks).
 */
import { destinationRegions, splitProfileId } from './inference-profiles.ts';
import { classifyModelId, type ModelUse, type SuiteResources } from './suite-resources.ts';

export interface StatementSpec {
  sid: string;
  actions: string[];
  resources: string[];
  conditions?: Record<string, Record<string, string | string[]>>;
}

export interface ArnEnv {
  partition: string;
  region: string;
  account: string;
  /** Destination regions per profile geography, over `GEOGRAPHY_REGIONS`. */
  profileRegions?: Record<string, string[]>;
}

/** Actions that AWS does not let a policy scope to a resource; statements with them carry Resource `*`. */
export const PERMISSION_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'bedrock:RetrieveAndGenerate',
  'bedrock:Rerank',
  'cloudwatch:GetMetricData',
]);

const INVOKE = 'bedrock:InvokeModel';
const STREAM = 'bedrock:InvokeModelWithResponseStream';

export const foundationModelArn = (env: ArnEnv, id: string, region = env.region) =>
  `arn:${env.partition}:bedrock:${region}::foundation-model/${id}`;

const _profileArn = (env: ArnEnv, id: string, region: string) =>
  `arn:${env.partition}:bedrock:${region}:${env.account}:inference-profile/${id}`;

const _actions = (u: { invoke: boolean; stream: boolean }) => [
  ...(u.invoke ? [INVOKE] : []),
  ...(u.stream ? [STREAM] : []),
];

const _uniq = (xs: Iterable<string>) => [...new Set(xs)];

/** A profile invoked through its ARN: the foundation models it routes to, usable only through it. */
function _routed(
  env: ArnEnv,
  profileArn: string,
  profileId: string,
  sourceRegion: string,
  u: ModelUse,
  n: number,
) {
  const split = splitProfileId(profileId);
  if (!split) return [];
  const through = { StringEquals: { 'bedrock:InferenceProfileArn': profileArn } };
  const regions = destinationRegions(split.geography, env.profileRegions);
  const out: StatementSpec[] = [];
  const local = [foundationModelArn(env, split.modelId, sourceRegion)];
  const routed = regions ? regions.map((r) => foundationModelArn(env, split.modelId, r)) : [];
  out.push({
    sid: `ModelsViaProfile${n}`,
    actions: _actions(u),
    resources: _uniq([...local, ...routed]),
    conditions: through,
  });
  if (split.geography === 'global') {
    out.push({
      sid: `ModelsViaGlobalProfile${n}`,
      actions: _actions(u),
      resources: [`arn:${env.partition}:bedrock:::foundation-model/${split.modelId}`],
      conditions: { StringEquals: { ...through.StringEquals, 'aws:RequestedRegion': 'unspecified' } },
    });
  }
  return out;
}

/** `arn:aws:bedrock:us-east-1:1234:inference-profile/us.x.y` → region and profile id. */
function _profileArnParts(arn: string): { region: string; id: string } | undefined {
  const m = /^arn:[^:]+:bedrock:([^:]+):[^:]*:inference-profile\/(.+)$/.exec(arn);
  return m?.[1] && m[2] ? { region: m[1], id: m[2] } : undefined;
}

/** The Bedrock model statements: direct resources by action, then one conditioned statement per profile. */
function _modelStatements(res: SuiteResources, env: ArnEnv, prompts: string[]): StatementSpec[] {
  const direct = { [INVOKE]: [] as string[], [STREAM]: [] as string[] };
  const routed: StatementSpec[] = [];
  let profiles = 0;
  const add = (u: { invoke: boolean; stream: boolean }, arn: string) => {
    for (const a of _actions(u)) direct[a as keyof typeof direct].push(arn);
  };
  for (const u of res.models) {
    const region = u.region ?? env.region;
    const kind = classifyModelId(u.id).kind;
    if (kind === 'foundation-model') add(u, foundationModelArn(env, u.id, region));
    else if (kind === 'profile') {
      const arn = _profileArn(env, u.id, region);
      add(u, arn);
      routed.push(..._routed(env, arn, u.id, region, u, ++profiles));
    } else if (kind === 'arn' && u.id.includes(':prompt/')) prompts.push(u.id);
    else if (kind === 'arn') {
      add(u, u.id);
      const p = _profileArnParts(u.id);
      if (p) routed.push(..._routed(env, u.id, p.id, p.region, u, ++profiles));
    }
  }
  const out: StatementSpec[] = [];
  if (direct[INVOKE].length)
    out.push({ sid: 'InvokeModels', actions: [INVOKE], resources: _uniq(direct[INVOKE]) });
  if (direct[STREAM].length)
    out.push({ sid: 'InvokeModelsStreaming', actions: [STREAM], resources: _uniq(direct[STREAM]) });
  return [...out, ...routed];
}

/** Every statement the suites need (empty list when they call nothing on AWS). */
export function suiteStatements(res: SuiteResources, env: ArnEnv): StatementSpec[] {
  const prompts = res.prompts.map((p) => p.arn);
  const out = _modelStatements(res, env, prompts);
  const region = (r: string | undefined) => r ?? env.region;
  const arn = (service: string, r: string | undefined, resource: string) =>
    `arn:${env.partition}:${service}:${region(r)}:${env.account}:${resource}`;
  if (prompts.length) {
    // the prompt (`prompt/ID`) and the version called (`prompt/ID:N`)
    const resources = _uniq(prompts.flatMap((p) => [p.replace(/:\d+$/, ''), p]));
    out.push({ sid: 'RenderManagedPrompts', actions: ['bedrock:RenderPrompt'], resources });
  }
  if (res.guardrails.length) {
    const resources = _uniq(
      res.guardrails.map((g) =>
        g.id.startsWith('arn:') ? g.id : arn('bedrock', g.region, `guardrail/${g.id}`),
      ),
    );
    out.push({ sid: 'ApplyGuardrails', actions: ['bedrock:ApplyGuardrail'], resources });
  }
  if (res.knowledgeBases.length) {
    const resources = _uniq(
      res.knowledgeBases.map((k) => arn('bedrock', k.region, `knowledge-base/${k.id}`)),
    );
    out.push({ sid: 'RetrieveFromKnowledgeBases', actions: ['bedrock:Retrieve'], resources });
  }
  const regional = (sid: string, action: string, regions: (string | undefined)[]) => {
    if (!regions.length) return;
    const where = _uniq(regions.map(region));
    out.push({
      sid,
      actions: [action],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:RequestedRegion': where.length === 1 ? (where[0] as string) : where },
      },
    });
  };
  regional(
    'RetrieveAndGenerateNoResourceType',
    'bedrock:RetrieveAndGenerate',
    res.retrieveAndGenerateRegions,
  );
  regional('RerankNoResourceType', 'bedrock:Rerank', res.rerankRegions);
  const invoke = res.endpoints.filter((e) => e.invoke);
  const stream = res.endpoints.filter((e) => e.stream);
  const endpointArn = (e: { name: string; region?: string }) =>
    arn('sagemaker', e.region, `endpoint/${e.name.toLowerCase()}`);
  if (invoke.length)
    out.push({
      sid: 'InvokeEndpoints',
      actions: ['sagemaker:InvokeEndpoint'],
      resources: _uniq(invoke.map(endpointArn)),
    });
  if (stream.length)
    out.push({
      sid: 'InvokeEndpointsStreaming',
      actions: ['sagemaker:InvokeEndpointWithResponseStream'],
      resources: _uniq(stream.map(endpointArn)),
    });
  return out;
}
