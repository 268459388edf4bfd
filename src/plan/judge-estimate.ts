/**
 * Dry-run estimate of the judge calls a run would make: for every judge scorer, judge calls = candidate calls ×
 * samples × orders (2 for pairwise) over the cases its `caseFraction` selects (the baseline target of a pairwise
 * scorer is not judged); input tokens per judge call ≈ (judge template + the candidate's rendered request + an
 * answer of the candidate's maxTokens, 4 characters a token) / 4; output tokens ≤ the judge's maxTokens.
 * An upper-bound-ish estimate: judge cache hits cannot be known before the answers exist.
 */
import { readFileSync } from 'node:fs';
import type { LoadedSuite } from '../config/index.ts';
import type { Price, TargetRequest } from '../core/types.ts';
import { priceFor } from '../cost/index.ts';
import { loadJudgePrompt } from '../scorers/judge/prompt.ts';
import { inCaseFraction } from '../scorers/registry.ts';

/** A candidate answer without maxTokens is budgeted at this many tokens. */
const DEFAULT_ANSWER_TOKENS = 512;
const DEFAULT_JUDGE_MAX_TOKENS = 1024;

export interface JudgeEstimate {
  scorer: string;
  model: string;
  calls: number;
  inputTokens: number;
  maxOutputTokens: number;
  price: Price | null;
  costUsd: number | null;
}

interface _JudgeOptions {
  type: string;
  name?: string;
  judge?: { model: string; region?: string };
  prompt?: string;
  judgesDir?: string;
  samples?: number;
  caseFraction?: number;
  maxTokens?: number;
  baseline?: string;
}

/** Adds up the judge calls of every candidate call a run would send. */
export class JudgeEstimator {
  private readonly judges: { o: _JudgeOptions; templateChars: number; est: JudgeEstimate }[] = [];

  constructor(loaded: LoadedSuite) {
    for (const raw of loaded.suite.scorers) {
      const o = raw as _JudgeOptions;
      if (o.judge === undefined) continue;
      const prompt = loadJudgePrompt(o.prompt ?? o.type, {
        baseDir: loaded.dir,
        ...(o.judgesDir !== undefined ? { judgesDir: o.judgesDir } : {}),
      });
      const price =
        priceFor(o.judge.model, {
          ...(loaded.suite.prices ? { overrides: loaded.suite.prices } : {}),
          ...(o.judge.region ? { region: o.judge.region } : {}),
        }) ?? null;
      this.judges.push({
        o,
        templateChars: readFileSync(prompt.templateFile, 'utf8').length,
        est: {
          scorer: o.name ?? o.type,
          model: o.judge.model,
          calls: 0,
          inputTokens: 0,
          maxOutputTokens: 0,
          price,
          costUsd: null,
        },
      });
    }
  }

  /** `sends` candidate calls of `targetId` for case `caseId` with this rendered request. */
  add(targetId: string, caseId: string, request: TargetRequest, sends: number): void {
    const answerChars = 4 * (request.inferenceConfig?.maxTokens ?? DEFAULT_ANSWER_TOKENS);
    const requestChars = request.prompt.length + (request.system?.length ?? 0);
    for (const { o, templateChars, est } of this.judges) {
      if (o.baseline === targetId) continue;
      if (o.caseFraction !== undefined && !inCaseFraction(caseId, o.caseFraction)) continue;
      const calls = sends * (o.samples ?? 1) * (o.type === 'pairwise' ? 2 : 1);
      const answers = o.type === 'pairwise' ? 2 : 1;
      est.calls += calls;
      est.inputTokens += calls * Math.ceil((templateChars + requestChars + answers * answerChars) / 4);
      est.maxOutputTokens += calls * (o.maxTokens ?? DEFAULT_JUDGE_MAX_TOKENS);
    }
  }

  estimates(): JudgeEstimate[] {
    return this.judges.map(({ est }) => ({
      ...est,
      costUsd: est.price
        ? (est.inputTokens / 1000) * est.price.inputPer1k +
          (est.maxOutputTokens / 1000) * est.price.outputPer1k
        : null,
    }));
  }
}
