/**
 * Cross-field checks of a schema-valid suite that need no file system: unique ids and names, known models,
 * regexes that compile, gate ids that name targets, gate metrics that some scorer records. Pure: returns issues (with document paths), throws nothing.
 */
import { getScorerDefinition } from '../scorers/registry.ts';
import { routerReferences } from '../targets/router/schema.ts';
import type { SuiteIssue } from './issues.ts';
import type { Suite } from './schema.ts';

/**
 * Bedrock model ids as AWS accepts them: `provider.model…` (`amazon.nova-lite-v1:0`), cross-region inference
 * profiles (`us.amazon.nova-lite-v1:0`, `global.anthropic…`), and ARNs (foundation models, inference profiles,
 * provisioned / custom / imported models).
 */
const BEDROCK_ID_RE = /^[a-z0-9-]{1,63}\.[a-z0-9-]{1,63}(?:[.:][a-zA-Z0-9-]{1,63})*$/;
const BEDROCK_ARN_RE =
  /^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9-]{1,20}:(?:\d{12})?:[a-z-]+\/[A-Za-z0-9.:_/-]{1,200}$/;

export function isBedrockModelId(id: string): boolean {
  return BEDROCK_ID_RE.test(id) || BEDROCK_ARN_RE.test(id);
}

export interface ReferenceOptions {
  /** When given (local backend), every target's model must be one of these ids. */
  knownModels?: Set<string>;
}

function _uniqueTargets(suite: Suite, issues: SuiteIssue[]): void {
  const seen = new Map<string, number>();
  suite.targets.forEach((t, i) => {
    const first = seen.get(t.id);
    if (first === undefined) seen.set(t.id, i);
    else {
      const message = `duplicate target id "${t.id}" (also targets[${first}]); target ids must be unique`;
      issues.push({ path: ['targets', i, 'id'], message, code: 'CONFIG_SCHEMA' });
    }
  });
}

/** Why `model` is not a model this run can call, or undefined when it is. */
function _modelProblem(model: string, opts: ReferenceOptions): string | undefined {
  if (opts.knownModels) {
    if (opts.knownModels.has(model)) return undefined;
    return `unknown model "${model}" (known: ${[...opts.knownModels].sort().join(', ')})`;
  }
  if (isBedrockModelId(model)) return undefined;
  return `"${model}" is not a Bedrock model id (expected e.g. amazon.nova-lite-v1:0, us.amazon.nova-lite-v1:0 or an ARN)`;
}

function _models(suite: Suite, opts: ReferenceOptions, issues: SuiteIssue[]): void {
  suite.targets.forEach((t, i) => {
    const path = ['targets', i, 'model'];
    if (t.api === 'rag-pipeline' && t.rag?.generate === false) return; // retrieval only: no generation model
    if (t.api === 'kb-retrieve') return; // retrieval only: the knowledge base is the candidate
    if (t.api === 'guardrail') return; // the guardrail is the candidate: no model
    if (t.api === 'sagemaker' || t.api === 'sagemaker-stream') return; // the endpoint is the candidate
    if (t.api === 'router') {
      // each tier and the classifier name a model; the baseline names a target (src/targets/router/schema.ts)
      const ids = suite.targets.flatMap((x) => [x.id, ...(x.sweepOf ? [x.sweepOf] : [])]);
      for (const p of routerReferences(t.router, ids, (m) => _modelProblem(m, opts)))
        issues.push({
          path: ['targets', i, 'router', ...p.path],
          message: p.message,
          code: 'CONFIG_REFERENCE',
        });
      return;
    }
    const message = _modelProblem(t.model, opts);
    if (message) issues.push({ path, message, code: 'CONFIG_REFERENCE' });
  });
}

function _scorers(suite: Suite, issues: SuiteIssue[]): void {
  const seen = new Map<string, number>();
  suite.scorers.forEach((s, i) => {
    const name = s.name ?? s.type;
    const first = seen.get(name);
    if (first === undefined) seen.set(name, i);
    else {
      const field = s.name === undefined ? 'type' : 'name';
      const message = `duplicate scorer name "${name}" (also scorers[${first}]); give one a distinct name`;
      issues.push({ path: ['scorers', i, field], message, code: 'CONFIG_SCHEMA' });
    }
    if (typeof s.pattern === 'string') {
      try {
        new RegExp(s.pattern, typeof s.flags === 'string' ? s.flags : undefined);
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        issues.push({ path: ['scorers', i, 'pattern'], message: why, code: 'CONFIG_SCHEMA' });
      }
    }
  });
}

function _gate(suite: Suite, issues: SuiteIssue[]): void {
  const gate = suite.gate;
  if (!gate) return;
  const ids = suite.targets.map((t) => t.id);
  for (const field of ['candidate', 'baseline'] as const) {
    const id = gate[field];
    if (id !== undefined && !ids.includes(id)) {
      const message = `"${id}" is not a target id (targets: ${ids.join(', ')})`;
      issues.push({ path: ['gate', field], message, code: 'CONFIG_REFERENCE' });
    }
  }
  if (gate.baseline !== undefined && gate.baseline === gate.candidate) {
    const message = `baseline must differ from candidate ("${gate.candidate}")`;
    issues.push({ path: ['gate', 'baseline'], message, code: 'CONFIG_REFERENCE' });
  }
  const known = new Set(STORE_METRICS);
  for (const options of suite.scorers) {
    for (const metric of getScorerDefinition(options.type)?.metrics(options) ?? []) known.add(metric);
  }
  gate.rules.forEach((rule, i) => {
    if (known.has(rule.metric)) return;
    const message = `no scorer records metric "${rule.metric}" (recorded: ${[...known].join(', ')})`;
    issues.push({ path: ['gate', 'rules', i, 'metric'], message, code: 'CONFIG_REFERENCE' });
  });
}

/** Metrics the store derives from every run, whatever the scorers. */
const STORE_METRICS = ['error_rate', 'latency_ms'];

/** Every cross-reference problem of a validated suite, in no particular order. */
export function validateSuiteReferences(suite: Suite, opts: ReferenceOptions = {}): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  _uniqueTargets(suite, issues);
  _models(suite, opts, issues);
  _scorers(suite, issues);
  _gate(suite, issues);
  return issues;
}
