/**
 * The prompts × models matrix. With `prompts:` listing two or more versions, every target that renders the prompt
 * (all apis but kb-retrieve, guardrail and a retrieval-only rag-pipeline) and is not pinned to one version
 * (`prompt: <version>`) becomes one candidate per version: id `<target>@<version>`, `sweepOf` = the target as
 * written (a swept target keeps its sweep's id), `params.prompt` = the version, `promptVersion`.
 *
 * - a TEMPLATE version is crossed with every such target;
 * - a MANAGED version (Bedrock Prompt Management, `bedrock:`) only with converse / converse-stream targets whose
 *   `model` is the prompt variant's model: that candidate calls Converse with the prompt ARN as modelId and the
 *   case's fields as promptVariables, so it must set neither `inference` nor `system` (Bedrock rejects both);
 * - targets that do not render the prompt (and a suite with one version) render the first template version.
 * Issues point at the target as written in the file (paths use the written index).
 */
import type { IssuePath, SuiteIssue } from './issues.ts';
import type { PromptVersionSpec, Suite, SuiteTarget } from './schema.ts';

/** Most candidates the crossing may create (as a sweep's cap). */
export const MAX_MATRIX_CANDIDATES = 64;

const MANAGED_APIS = new Set(['converse', 'converse-stream']);

export interface MatrixExpansion {
  suite: Suite;
  /** For each target of the expanded suite, the index (in the file) of the target it came from. */
  origins: number[];
  issues: SuiteIssue[];
}

/** Does the target render the suite's prompt into a model prompt (and so get crossed)? */
export function rendersPrompt(t: Pick<SuiteTarget, 'api' | 'rag'>): boolean {
  if (t.api === 'kb-retrieve' || t.api === 'guardrail') return false;
  return !(t.api === 'rag-pipeline' && t.rag?.generate === false);
}

/** Can this target take the managed version (crossing rule)? */
function _takesManaged(t: SuiteTarget, v: PromptVersionSpec): boolean {
  return v.bedrock !== undefined && MANAGED_APIS.has(t.api) && t.model === v.bedrock.model;
}

/** The target's problems with a managed version it is crossed with or pinned to. */
function _managedIssues(t: SuiteTarget, v: PromptVersionSpec, at: IssuePath, pinned: boolean): SuiteIssue[] {
  const b = v.bedrock;
  if (!b) return [];
  const out: SuiteIssue[] = [];
  const issue = (field: string, message: string) =>
    out.push({ path: [...at, field], message: `target "${t.id}": ${message}`, code: 'CONFIG_REFERENCE' });
  const what = `Bedrock Prompt Management prompt ${v.version}`;
  if (pinned && !MANAGED_APIS.has(t.api))
    issue('api', `the ${what} is called through Converse: api must be converse or converse-stream`);
  else if (pinned && t.model !== b.model)
    issue(
      'prompt',
      `the ${what} runs on ${b.model} (its variant's model), but the target's model is ${t.model}`,
    );
  const fix = pinned
    ? 'set it in the prompt variant instead'
    : 'set it in the prompt variant, or pin the target to a template version with prompt: <version>';
  for (const field of ['inference', 'system'] as const) {
    if (t[field] === undefined) continue;
    const wire = field === 'inference' ? 'inferenceConfig' : 'system';
    issue(field, `crossed with the ${what}: Converse rejects ${wire} with a prompt ARN (${fix})`);
  }
  return out;
}

function _candidate(t: SuiteTarget, v: PromptVersionSpec, id: string): SuiteTarget {
  const out: SuiteTarget = { ...t, id, promptVersion: v.version };
  if (id !== t.id) {
    out.sweepOf = t.sweepOf ?? t.id;
    out.params = { ...t.params, prompt: v.version };
  }
  if (v.bedrock) {
    out.managedPrompt = {
      arn: v.bedrock.arn,
      ...(v.bedrock.localFile !== undefined ? { localFile: v.bedrock.localFile } : {}),
    };
  }
  return out;
}

/** One target → its candidates (pushes issues; `at` = the target's path as written). */
function _cross(
  t: SuiteTarget,
  versions: PromptVersionSpec[],
  at: IssuePath,
  issues: SuiteIssue[],
): SuiteTarget[] {
  const template = versions.find((v) => !v.bedrock);
  if (t.prompt !== undefined) {
    const v = versions.find((x) => x.version === t.prompt);
    if (!v) {
      const known = versions.map((x) => x.version).join(', ');
      const message = `target "${t.id}": prompt "${t.prompt}" is not a version of this suite (versions: ${known})`;
      issues.push({ path: [...at, 'prompt'], message, code: 'CONFIG_REFERENCE' });
      return [];
    }
    if (v.bedrock && !rendersPrompt(t)) {
      const message = `target "${t.id}": api ${t.api} cannot use the Bedrock Prompt Management prompt ${v.version}`;
      issues.push({ path: [...at, 'prompt'], message, code: 'CONFIG_REFERENCE' });
      return [];
    }
    issues.push(..._managedIssues(t, v, at, true));
    return [_candidate(t, v, t.id)];
  }
  const single = versions.length === 1 ? versions[0] : undefined;
  if (single && (!single.bedrock || _takesManaged(t, single))) {
    issues.push(..._managedIssues(t, single, at, false));
    return [_candidate(t, single, t.id)];
  }
  if (!rendersPrompt(t) || single) {
    if (template) return [_candidate(t, template, t.id)];
    const why = single
      ? `its api ${t.api} or model cannot use`
      : `api ${t.api} renders its query from a template prompt; it cannot use`;
    const message = `target "${t.id}": ${why} a Bedrock Prompt Management prompt (add a template version to prompts)`;
    issues.push({ path: at, message, code: 'CONFIG_REFERENCE' });
    return [];
  }
  const crossed = versions.filter((v) => !v.bedrock || _takesManaged(t, v));
  if (crossed.length === 0) {
    const models = versions.map((v) => v.bedrock?.model).join(', ');
    const message = `target "${t.id}": no prompt version applies (the Bedrock Prompt Management prompts run on ${models}; add a template version)`;
    issues.push({ path: at, message, code: 'CONFIG_REFERENCE' });
  }
  for (const v of crossed) issues.push(..._managedIssues(t, v, at, false));
  return crossed.map((v) => _candidate(t, v, `${t.id}@${v.version}`));
}

function _checkPinnedSingle(suite: Suite, origins: readonly number[]): SuiteIssue[] {
  const version = suite.prompt.version;
  return suite.targets.flatMap((t, i) => {
    if (t.prompt === undefined || t.prompt === version) return [];
    const message = `target "${t.id}": prompt "${t.prompt}" is not this suite's prompt version (${version})`;
    return [{ path: ['targets', origins[i] ?? i, 'prompt'], message, code: 'CONFIG_REFERENCE' as const }];
  });
}

/** Cross the (sweep-expanded) targets with the prompt versions; `origins` = each target's written index. */
export function expandPromptMatrix(suite: Suite, origins: readonly number[]): MatrixExpansion {
  const versions = suite.prompts;
  if (!versions) return { suite, origins: [...origins], issues: _checkPinnedSingle(suite, origins) };
  const issues: SuiteIssue[] = [];
  const targets: SuiteTarget[] = [];
  const outOrigins: number[] = [];
  suite.targets.forEach((t, i) => {
    const o = origins[i] ?? i;
    for (const c of _cross(t, versions, ['targets', o], issues)) {
      targets.push(c);
      outOrigins.push(o);
    }
  });
  versions.forEach((v, i) => {
    if (v.bedrock && !targets.some((t) => t.promptVersion === v.version)) {
      const message = `no converse or converse-stream target has model ${v.bedrock.model} (the prompt variant's model), so prompt ${v.version} would never run`;
      issues.push({ path: ['prompts', i, 'bedrock', 'model'], message, code: 'CONFIG_REFERENCE' });
    }
  });
  if (versions.length > 1 && targets.length > MAX_MATRIX_CANDIDATES) {
    const message = `the prompts × targets matrix has ${targets.length} candidates, at most ${MAX_MATRIX_CANDIDATES} allowed`;
    issues.push({ path: ['prompts'], message, code: 'CONFIG_SCHEMA', at: 'key' });
  }
  _uniqueIds(targets, outOrigins, issues);
  return { suite: { ...suite, targets }, origins: outOrigins, issues };
}

/** A crossed id that another target already has. */
function _uniqueIds(targets: readonly SuiteTarget[], origins: readonly number[], issues: SuiteIssue[]): void {
  const seen = new Set<string>();
  targets.forEach((t, j) => {
    if (seen.has(t.id) && t.params?.prompt !== undefined) {
      const message = `target "${t.sweepOf}": prompt matrix id "${t.id}" is already taken (target ids must be unique)`;
      issues.push({ path: ['targets', origins[j] as number, 'id'], message, code: 'CONFIG_SCHEMA' });
    }
    seen.add(t.id);
  });
}
