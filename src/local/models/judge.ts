/**
 * The local judge: every local model answers an evalgate judge prompt (judge-protocol.ts) with a JSON verdict
 * decided lexically (judge-methods.ts), so all judge scorers run without AWS. It reads the tagged sections as
 * data only. `evalgate.first-position-judge` is a test fixture that always prefers answer A in pairwise tasks.
 */

import {
  abstains,
  contentWords,
  contextSentences,
  coverage,
  onScale,
  SUPPORT_SHARE,
  splitClaims,
  support,
} from './judge-methods.ts';
import { type JudgeRequest, parseJudgeRequest } from './judge-protocol.ts';
import { finishGeneration, type Generation, type LocalModel } from './model.ts';
import { countTokens, type ModelInput } from './prompt.ts';

const DEFAULT_SCALE = { min: 1, max: 5 };
const pct = (x: number) => `${Math.round(x * 100)} %`;
const q = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 79)}…` : s);

function _scored(req: JudgeRequest, basis: 'reference' | 'question'): Record<string, unknown> {
  const scale = req.scale ?? DEFAULT_SCALE;
  const answer = req.answer ?? '';
  const text = basis === 'reference' ? req.reference : req.question;
  if (text === undefined) return { reasoning: `No ${basis} to compare with.`, score: scale.min };
  if (abstains(answer))
    return { reasoning: 'The answer makes no claim (it declines to answer).', score: scale.min };
  const c = coverage(text, answer);
  return {
    reasoning: `${c.found.length} of ${c.total} content words of the ${basis} occur in the answer (${pct(c.share)}).`,
    score: onScale(c.share, scale),
  };
}

function _pairwise(req: JudgeRequest, firstPosition: boolean): Record<string, unknown> {
  if (firstPosition) return { reasoning: 'Fixture judge: always prefers the first answer.', winner: 'A' };
  const basisName = req.reference !== undefined ? 'reference' : 'question';
  const basis = req.reference ?? req.question ?? '';
  const score = (a: string | undefined) => (a === undefined || abstains(a) ? 0 : coverage(basis, a).share);
  const a = score(req.answerA);
  const b = score(req.answerB);
  const winner = Math.abs(a - b) < 1e-9 ? 'tie' : a > b ? 'A' : 'B';
  return { reasoning: `Coverage of the ${basisName}'s content words: A ${pct(a)}, B ${pct(b)}.`, winner };
}

function _faithfulness(req: JudgeRequest): Record<string, unknown> {
  const sentences = contextSentences(req.context ?? []);
  const claims = splitClaims(req.answer ?? '').map((claim) => {
    const s = support(claim, sentences);
    const reason = s.supported
      ? `${s.shared} of ${s.total} content words in context sentence ${q(s.best ?? '')}.`
      : `No context sentence holds ${pct(SUPPORT_SHARE)} of its content words and all its numbers (best ${s.shared} of ${s.total}).`;
    return { claim, verdict: s.supported ? 'supported' : 'unsupported', reason };
  });
  return { claims };
}

function _contextPrecision(req: JudgeRequest): Record<string, unknown> {
  const against = req.reference ?? req.answer ?? '';
  const claims = splitClaims(against);
  const chunks = (req.context ?? []).map((chunk, i) => {
    const sentences = contextSentences([chunk]);
    const hit = claims.find((c) => support(c, sentences).supported);
    const reason = hit ? `Supports ${q(hit)}.` : 'Supports no statement.';
    return { index: i + 1, relevant: hit !== undefined, reason };
  });
  return { chunks };
}

function _contextRecall(req: JudgeRequest): Record<string, unknown> {
  const reference = req.reference ?? '';
  const split = splitClaims(reference);
  const statements = split.length > 0 ? split : [reference.trim() || '(empty reference)'];
  const sentences = contextSentences(req.context ?? []);
  return {
    statements: statements.map((statement) => {
      const s = support(statement, sentences);
      const ok = s.supported && contentWords(statement).size > 0;
      const reason = ok ? `Found in ${q(s.best ?? '')}.` : 'Not found in the context.';
      return { statement, attributed: ok, reason };
    }),
  };
}

/** The verdict object for a judge request. */
export function decide(req: JudgeRequest, opts: { firstPosition?: boolean } = {}): Record<string, unknown> {
  switch (req.task) {
    case 'correctness':
      return _scored(req, 'reference');
    case 'answer-relevance':
      return _scored(req, 'question');
    case 'rubric':
      return _scored(req, req.reference !== undefined ? 'reference' : 'question');
    case 'pairwise':
      return _pairwise(req, opts.firstPosition ?? false);
    case 'faithfulness':
      return _faithfulness(req);
    case 'context-precision':
      return _contextPrecision(req);
    case 'context-recall':
      return _contextRecall(req);
  }
}

/** Answer a judge prompt, or undefined when the input is not one. */
export function judgeGeneration(model: LocalModel, input: ModelInput): Generation | undefined {
  const req = parseJudgeRequest(input);
  if (req === undefined) return undefined;
  const verdict = decide(req, { firstPosition: model.judge === 'first-position' });
  const texts = [...input.system, ...input.messages.map((m) => m.text)];
  const inputTokens = texts.reduce((n, t) => n + countTokens(t), 0);
  const seed = req.answer ?? req.answerA ?? req.reference ?? '';
  return finishGeneration(model, input, JSON.stringify(verdict), inputTokens, seed);
}
