import { type CacheMode, cacheEnv, cacheKey } from '../cache/index.ts';
import { type LoadedSuite, renderPrompt } from '../config/index.ts';
import type { EvalgateError } from '../core/errors.ts';
import type { Price, TargetRequest } from '../core/types.ts';
import { suitePricer } from '../cost/index.ts';
import { loadCases } from '../runner/load-cases.ts';
import type { Backend } from '../targets/backend.ts';
import type { ClientPool } from '../targets/clients.ts';
import { createTarget } from '../targets/registry.ts';
import { type JudgeEstimate, JudgeEstimator } from './judge-estimate.ts';
import { callKey } from './plan.ts';

/** What one target of a suite would do. Token figures are for the calls that would be sent (not cache hits). */
export interface TargetEstimate {
  targetId: string;
  modelId: string;
  kind: string;
  /** Calls this run would make or serve from the cache (cases × repeats, less keys a resumed run has stored). */
  calls: number;
  /** Of `calls`, how many the response cache already answers. */
  cacheHits: number;
  /** calls − cacheHits − renderErrors: requests that would reach the model. */
  toSend: number;
  /** Rows whose template does not render (they would be stored as TemplateError without a call). */
  renderErrors: number;
  /** Estimated input tokens: characters of rendered system + prompt / 4, rounded up per call. */
  inputTokens: number;
  /** toSend × maxTokens; null when the target sets no maxTokens (the model's default applies). */
  maxOutputTokens: number | null;
  price: Price | null;
  /** Input cost + cost of maxOutputTokens (an upper bound); input cost only when maxOutputTokens is null. */
  costUsd: number | null;
}

export interface SuitePlanEstimate {
  suite: string;
  suiteFile: string;
  cases: number;
  badRows: number;
  repeats: number;
  /** The run a resume would continue, and how many of its keys are stored as ok. */
  resume?: { runId: string; done: number };
  targets: TargetEstimate[];
  /** Judge scorers' calls, tokens and cost (see judge-estimate.ts). */
  judges: JudgeEstimate[];
}

export interface EstimateOptions {
  clients: ClientPool;
  backend: Backend;
  cache: CacheMode;
  /** Which keys are cached (undefined: nothing is, e.g. no DuckDB file yet). */
  cachedKeys?: (keys: string[]) => Promise<Set<string>>;
  /** Keys stored as ok by the run being resumed. */
  done?: ReadonlySet<string>;
  resumeRunId?: string;
  onBadRow?: (err: EvalgateError) => void;
}

/** Renders every request of a suite and estimates calls, tokens, cost and cache hits per target. Calls nothing. */
export async function estimateSuite(loaded: LoadedSuite, opts: EstimateOptions): Promise<SuitePlanEstimate> {
  const suite = loaded.suite;
  const { cases, badRows } = await loadCases(loaded, opts.onBadRow ?? (() => {}));
  const done = opts.done ?? new Set<string>();
  const targets: TargetEstimate[] = [];
  const judges = new JudgeEstimator(loaded);
  const pricer = suitePricer(suite.prices, opts.backend.region);
  for (const spec of suite.targets) {
    const target = createTarget({ ...spec, baseDir: loaded.dir }, opts.clients);
    const env = cacheEnv(opts.backend, spec.region);
    const keys: string[] = [];
    const keyTokens: number[] = [];
    let calls = 0;
    let renderErrors = 0;
    let inputTokens = 0;
    for (const evalCase of cases) {
      const pending: number[] = [];
      for (let repeat = 0; repeat < suite.repeats; repeat++) {
        if (!done.has(callKey(evalCase.id, spec.id, repeat))) pending.push(repeat);
      }
      if (pending.length === 0) continue;
      calls += pending.length;
      let request: TargetRequest;
      try {
        request = renderPrompt(loaded, evalCase, spec);
      } catch {
        renderErrors += pending.length;
        continue;
      }
      const tokens = Math.ceil(((request.system?.length ?? 0) + request.prompt.length) / 4);
      judges.add(spec.id, evalCase.id, request, pending.length);
      for (const repeat of pending) {
        inputTokens += tokens;
        if (opts.cache === 'use') {
          keys.push(cacheKey({ ...env, kind: target.kind, modelId: target.modelId, request, repeat }));
          keyTokens.push(tokens);
        }
      }
    }
    const cached = keys.length > 0 && opts.cachedKeys ? await opts.cachedKeys(keys) : new Set<string>();
    // cache hits are not sent: their input tokens cost nothing
    const sentInput = keys.reduce(
      (n, key, i) => (cached.has(key) ? n - (keyTokens[i] ?? 0) : n),
      inputTokens,
    );
    const toSend = calls - renderErrors - cached.size;
    const maxTokens = spec.inference?.maxTokens;
    const maxOutputTokens = maxTokens === undefined ? null : toSend * maxTokens;
    const price = pricer(spec.model, spec.region) ?? null;
    const costUsd = price
      ? (sentInput / 1000) * price.inputPer1k + ((maxOutputTokens ?? 0) / 1000) * price.outputPer1k
      : null;
    targets.push({
      targetId: spec.id,
      modelId: spec.model,
      kind: target.kind,
      calls,
      cacheHits: cached.size,
      toSend,
      renderErrors,
      inputTokens: sentInput,
      maxOutputTokens,
      price,
      costUsd,
    });
  }
  return {
    suite: suite.name,
    suiteFile: loaded.displayPath,
    cases: cases.length,
    badRows,
    repeats: suite.repeats,
    ...(opts.resumeRunId ? { resume: { runId: opts.resumeRunId, done: done.size } } : {}),
    targets,
    judges: judges.estimates(),
  };
}
