/** A local model = catalogue entry + engine config + whether it follows a JSON output instruction. */
import { fnv1a } from '../prng.ts';
import type { LocalModelInfo } from '../types.ts';
import { type EngineConfig, extract } from './engine.ts';
import { countTokens, type ModelInput, parsePrompt } from './prompt.ts';
import type { Sampler } from './sampling.ts';

export interface LocalModel {
  info: LocalModelInfo;
  engine: EngineConfig;
  followsJson: boolean;
  /** Local judge variant: `first-position` always prefers answer A in pairwise judge prompts (a test fixture). */
  judge?: 'lexical' | 'first-position';
}

export type StopReason = 'end_turn' | 'max_tokens' | 'stop_sequence';

export interface Generation {
  text: string;
  stopReason: StopReason;
  inputTokens: number;
  outputTokens: number;
  /** Simulated time to first byte and decode time (ms, before latencyScale). */
  firstByteMs: number;
  decodeMs: number;
}

/**
 * Run a model on a normalised input: extract, format, apply stop sequences and maxTokens, plan latency. With a
 * `sampler` (the backend's `sampling` option) and temperature > 0 the answer sentence is sampled (sampling.ts).
 */
export function generate(model: LocalModel, input: ModelInput, sampler?: Sampler): Generation {
  const prompt = parsePrompt(input);
  const t = input.temperature ?? 0;
  const sample =
    sampler && t > 0
      ? { temperature: t, u: sampler.uniform(`${model.info.id}\n${prompt.context}\n${prompt.question}`) }
      : undefined;
  const answer = extract(prompt.context, prompt.question, model.engine, sample).text;
  const text = model.followsJson && prompt.wantsJson ? JSON.stringify({ answer }) : answer;
  return finishGeneration(model, input, text, prompt.inputTokens, prompt.question);
}

/**
 * Apply stop sequences and maxTokens to a model's text, count output tokens and plan latency (jitter from a
 * hash of model id + `seed`). Shared by the answer engine and the local judge.
 */
export function finishGeneration(
  model: LocalModel,
  input: ModelInput,
  full: string,
  inputTokens: number,
  seed: string,
): Generation {
  let text = full;
  let stopReason: StopReason = 'end_turn';
  for (const stop of input.stopSequences ?? []) {
    const at = stop ? text.indexOf(stop) : -1;
    if (at >= 0) {
      text = text.slice(0, at);
      stopReason = 'stop_sequence';
    }
  }
  if (input.maxTokens !== undefined && countTokens(text) > input.maxTokens) {
    text = text.slice(0, input.maxTokens * 4);
    stopReason = 'max_tokens';
  }
  const outputTokens = countTokens(text);
  const p = model.info.latency;
  // Deterministic jitter in [-jitter, +jitter] from a hash of the seed (the question) + model id.
  const j = 1 + p.jitter * ((fnv1a(`${model.info.id}\n${seed}`) % 2001) / 1000 - 1);
  return {
    text,
    stopReason,
    inputTokens,
    outputTokens,
    firstByteMs: (p.baseMs + p.perInputTokenMs * inputTokens) * j,
    decodeMs: p.perOutputTokenMs * outputTokens * j,
  };
}
