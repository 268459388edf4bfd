/**
 * `calibrateJudge`: run one judge scorer over a human-labelled file and measure how well it agrees with the
 * labels. The scorer is built through the scorer registry exactly as a suite builds it; each item's `answer` is
 * the response text, and `question`, `context`, `expected` are its case variables (pairwise: `answer` is the
 * candidate, A; `answer_b` is the baseline's answer, B, handed over as the baseline target's response).
 */
import { randomBytes } from 'node:crypto';
import type { EvalCase, Score, Scorer, TargetResponse } from '../core/types.ts';
import { loadJudgePrompt } from '../scorers/judge/prompt.ts';
import type { PairwiseContext } from '../scorers/pairwise.ts';
import { createScorers } from '../scorers/registry.ts';
import type { JudgeProvider } from '../scorers/types.ts';
import type { DuckDbStore } from '../store/index.ts';
import type { CalibrationItemRecord, CalibrationRecord } from '../store/types.ts';
import { agreementFigures, itemAgreement, type JudgeVerdict } from './agreement.ts';
import { type CalibratedJudge, type LabelledItem, type LabelsFile, loadLabels } from './labels.ts';

export interface CalibrateOptions {
  /** The judge scorer type. */
  judge: CalibratedJudge;
  /** Judge model id (any Bedrock model id; a local model on the local backend). */
  model: string;
  /** Judge API (default converse). */
  api?: string;
  region?: string;
  /** Judge prompt as name@version (default `<judge>@<latest>`). */
  prompt?: string;
  /** Folder of judge prompts, relative to `baseDir`. */
  judgesDir?: string;
  /** Where judge prompts are looked up from (default the working directory; evalgate's judges/ last). */
  baseDir?: string;
  labelsFile: string;
  /** Builds the judge Target (see `judgeProviderFor`). */
  provider: JudgeProvider;
  /** When given, the calibration and its items are stored. */
  store?: DuckDbStore;
  /** Items judged at once (default 4). */
  concurrency?: number;
  /** `local` or `aws`, stored with the calibration. */
  backend?: string;
  calibrationId?: string;
  onItem?: (done: number, total: number) => void;
}

export interface CalibrationResult extends CalibrationRecord {
  items: CalibrationItemRecord[];
}

const CANDIDATE = 'candidate';
const BASELINE = 'baseline';

function _id(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `cal-${stamp}-${randomBytes(3).toString('hex')}`;
}

function _response(text: string): TargetResponse {
  return { text, timing: { latencyMs: 0 } };
}

function _case(item: LabelledItem, file: string): EvalCase {
  const vars: Record<string, unknown> = {};
  if (item.question !== undefined) vars.question = item.question;
  if (item.context !== undefined) vars.context = item.context;
  if (item.expected !== undefined) vars.expected = item.expected;
  return {
    id: item.id,
    source: { file, row: item.line },
    vars,
    ...(item.expected !== undefined ? { expected: item.expected } : {}),
  };
}

/** Scores one item and turns the scores into a stored item row. */
async function _judgeItem(
  scorer: Scorer,
  labels: LabelsFile,
  item: LabelledItem,
): Promise<{ row: CalibrationItemRecord; verdict?: JudgeVerdict }> {
  const ctx: PairwiseContext = {
    targetId: CANDIDATE,
    modelId: 'labelled',
    ...(item.answerB !== undefined ? { otherResponses: { [BASELINE]: _response(item.answerB) } } : {}),
  };
  let scores: Score[];
  try {
    scores = await scorer.score(_case(item, labels.file), _response(item.answer), ctx);
  } catch (err) {
    scores = [{ metric: scorer.name, value: Number.NaN, reason: `judge_error: ${(err as Error).message}` }];
  }
  const main = scores.find((s) => s.metric === scorer.name);
  const flip = scores.find((s) => s.metric === `${scorer.name}_flip`);
  const human = String(item.label);
  const details = main?.details ?? null;
  const reason = main?.reason ?? null;
  if (main === undefined || !Number.isFinite(main.value) || details?.judgeError === true) {
    const row: CalibrationItemRecord = {
      itemId: item.id,
      humanLabel: human,
      judgeLabel: null,
      judgeValue: Number.NaN,
      judgeScore: null,
      agree: null,
      judgeError: true,
      reason: reason ?? 'judge_error: the scorer returned no score',
      details,
    };
    return { row };
  }
  const verdict: JudgeVerdict = {
    value: main.value,
    ...(flip !== undefined && Number.isFinite(flip.value) ? { flip: flip.value } : {}),
  };
  const { judgeLabel, agree } = itemAgreement(labels.kind, item.label, verdict);
  const raw = typeof details?.judgeScore === 'number' ? details.judgeScore : main.value;
  const row: CalibrationItemRecord = {
    itemId: item.id,
    humanLabel: human,
    judgeLabel,
    judgeValue: main.value,
    judgeScore: raw,
    agree,
    judgeError: false,
    reason,
    details: flip !== undefined ? { ...details, flip: flip.value } : details,
  };
  return { row, verdict };
}

async function _pool<T>(n: number, count: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) out[i] = await work(i);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, count)) }, lane));
  return out;
}

/** Runs the judge over every labelled item, computes the agreement figures and (with a store) stores them. */
export async function calibrateJudge(opts: CalibrateOptions): Promise<CalibrationResult> {
  const startedAt = new Date();
  const labels = await loadLabels(opts.labelsFile, opts.judge);
  const baseDir = opts.baseDir ?? process.cwd();
  const judgesDir = opts.judgesDir !== undefined ? { judgesDir: opts.judgesDir } : {};
  const promptId = loadJudgePrompt(opts.prompt ?? opts.judge, { baseDir, ...judgesDir }).id;
  const options = {
    type: opts.judge,
    judge: {
      model: opts.model,
      ...(opts.api !== undefined ? { api: opts.api } : {}),
      ...(opts.region !== undefined ? { region: opts.region } : {}),
    },
    prompt: promptId,
    ...judgesDir,
    ...(opts.judge === 'pairwise' ? { baseline: BASELINE } : {}),
  };
  const [scorer] = createScorers([options], {
    baseDir,
    where: `calibrate ${opts.judge}`,
    judge: opts.provider,
  });
  let done = 0;
  const judged = await _pool(opts.concurrency ?? 4, labels.items.length, async (i) => {
    const out = await _judgeItem(scorer!, labels, labels.items[i]!);
    opts.onItem?.(++done, labels.items.length);
    return out;
  });
  const figures = agreementFigures(
    labels.kind,
    labels.items.map((item, i) => {
      const verdict = judged[i]?.verdict;
      return verdict ? { human: item.label, judge: verdict } : { human: item.label };
    }),
  );
  const items = judged.map((j) => j.row);
  const record: CalibrationRecord = {
    calibrationId: opts.calibrationId ?? _id(startedAt),
    judgeType: opts.judge,
    promptId,
    judgeModel: opts.model,
    ...(opts.backend !== undefined ? { backend: opts.backend } : {}),
    labelsFile: opts.labelsFile,
    labelsSha256: labels.sha256,
    n: labels.items.length,
    judgeErrors: items.filter((i) => i.judgeError).length,
    figures,
    startedAt,
    finishedAt: new Date(),
  };
  await opts.store?.saveCalibration(record, items);
  return { ...record, items };
}
