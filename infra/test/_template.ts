/** Helpers over synthesized CloudFormation templates: resolve simple intrinsics, walk every IAM statement. */

export interface PseudoValues {
  partition: string;
  region: string;
  account: string;
}

/** `{Ref: AWS::Region}`, `Fn::Join`, and any other intrinsic as `<Ref:X>` / `<GetAtt:X>` / `<Import:X>` text. */
export function flatten(v: unknown, p: PseudoValues): unknown {
  if (Array.isArray(v)) return v.map((x) => flatten(x, p));
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  if ('Ref' in o) {
    const ref = String(o.Ref);
    if (ref === 'AWS::Partition') return p.partition;
    if (ref === 'AWS::Region') return p.region;
    if (ref === 'AWS::AccountId') return p.account;
    return `<Ref:${ref}>`;
  }
  if ('Fn::GetAtt' in o) return `<GetAtt:${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  if ('Fn::ImportValue' in o) return `<Import:${String(o['Fn::ImportValue'])}>`;
  if ('Fn::Join' in o) {
    const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map((x) => String(flatten(x, p))).join(sep);
  }
  return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, flatten(x, p)]));
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export interface FoundStatement {
  /** logical id of the resource holding the policy */
  owner: string;
  statement: Statement;
}

type _Resources = Record<string, { Type: string; Properties?: Record<string, unknown> }>;

/** Every statement of every identity policy: AWS::IAM::Policy, ManagedPolicy, and roles' inline policies. */
export function iamStatements(template: { Resources?: _Resources }): FoundStatement[] {
  const out: FoundStatement[] = [];
  for (const [id, r] of Object.entries(template.Resources ?? {})) {
    const docs: unknown[] = [];
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      docs.push(r.Properties?.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role' || r.Type === 'AWS::IAM::User' || r.Type === 'AWS::IAM::Group')
      for (const p of (r.Properties?.Policies as { PolicyDocument: unknown }[] | undefined) ?? [])
        docs.push(p.PolicyDocument);
    for (const d of docs)
      for (const s of (d as { Statement: Statement[] }).Statement) out.push({ owner: id, statement: s });
  }
  return out;
}

export const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
