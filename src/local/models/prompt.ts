/**
 * The input convention shared by all local models, and the token accounting rule.
 * - context  = every system text + every message text, except the question itself;
 * - question = the text after the last line starting with `Question:` in the last user message
 *              (else the whole last user message);
 * - tokens   = ceil(characters / 4), counted over the same texts for Converse and InvokeModel.
 */

export interface ChatText {
  role: 'user' | 'assistant';
  text: string;
}

/** A request normalised from Converse or InvokeModel (Nova messages format). */
export interface ModelInput {
  system: string[];
  messages: ChatText[];
  maxTokens?: number;
  stopSequences?: string[];
  /** > 0 samples the answer sentence when the backend has `sampling` configured (sampling.ts); else ignored. */
  temperature?: number;
}

export interface ParsedPrompt {
  context: string;
  question: string;
  /** The prompt asks for a JSON answer (e.g. "Respond in JSON", "as a JSON object"). */
  wantsJson: boolean;
  inputTokens: number;
}

const QUESTION_LINE = /^\s*question\s*:/i;
const JSON_INSTRUCTION =
  /\b(respond|answer|reply|output|return|format|formatted|write)\b[^.\n]{0,40}\bJSON\b|\bJSON\b[^.\n]{0,20}\b(only|object|format)\b/i;

/** Token count rule: ceil(chars / 4). */
export function countTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** Split the last user message into (context part, question). */
export function splitQuestion(lastUser: string): { before: string; question: string } {
  const lines = lastUser.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (QUESTION_LINE.test(line)) {
      const rest = [line.replace(QUESTION_LINE, ''), ...lines.slice(i + 1)].join('\n').trim();
      return { before: lines.slice(0, i).join('\n'), question: rest };
    }
  }
  return { before: '', question: lastUser.trim() };
}

export function parsePrompt(input: ModelInput): ParsedPrompt {
  const msgs = input.messages;
  let lastUserIdx = -1;
  msgs.forEach((m, i) => {
    if (m.role === 'user') lastUserIdx = i;
  });
  const lastUser = msgs[lastUserIdx]?.text ?? '';
  const { before, question } = splitQuestion(lastUser);
  const contextParts = [...input.system];
  msgs.forEach((m, i) => {
    contextParts.push(i === lastUserIdx ? before : m.text);
  });
  const allText = [...input.system, ...msgs.map((m) => m.text)];
  return {
    context: contextParts.filter((t) => t.trim()).join('\n'),
    question,
    wantsJson: allText.some((t) => JSON_INSTRUCTION.test(t)),
    inputTokens: allText.reduce((a, t) => a + countTokens(t), 0),
  };
}
