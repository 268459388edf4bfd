/**
 * How the local judge decides: lexical, deterministic, documented in src/local/LOCAL-JUDGE.md.
 * Content words = tokenize → drop STOPWORDS → stemStrong. Numbers = tokens containing a digit.
 */
import { STOPWORDS, splitSentences, stemStrong, tokenize } from './text.ts';

/** A claim is supported by a sentence holding at least this share of its content words (and all its numbers). */
export const SUPPORT_SHARE = 0.7;

const ABSTAIN =
  /\b(i (do not|dont|don't|cannot|can't) (know|answer|say)|not (mentioned|stated|provided|specified|covered) in|no information (about|on)|cannot (answer|find))\b/i;

export function contentWords(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((t) => !STOPWORDS.has(t))
      .map(stemStrong),
  );
}

function _numbers(text: string): Set<string> {
  return new Set(tokenize(text).filter((t) => /\d/.test(t)));
}

/** Atomic claims: sentences, split again at `;`, without abstentions and without content words. */
export function splitClaims(text: string): string[] {
  return splitSentences(text)
    .flatMap((s) => s.split(/;\s+/))
    .map((s) => s.trim())
    .filter((s) => s !== '' && !ABSTAIN.test(s) && contentWords(s).size > 0);
}

export interface Support {
  supported: boolean;
  /** The context sentence with the largest share of the claim's content words. */
  best?: string;
  shared: number;
  total: number;
}

/** Is the claim supported by one of the sentences (share ≥ SUPPORT_SHARE and every number present)? */
export function support(claim: string, sentences: readonly string[]): Support {
  const words = contentWords(claim);
  const numbers = _numbers(claim);
  let best: Support = { supported: false, shared: 0, total: words.size };
  for (const sentence of sentences) {
    const have = contentWords(sentence);
    const shared = [...words].filter((w) => have.has(w)).length;
    const tokens = new Set(tokenize(sentence));
    const ok = shared / words.size >= SUPPORT_SHARE && [...numbers].every((n) => tokens.has(n));
    if ((ok && !best.supported) || (ok === best.supported && shared > best.shared)) {
      best = { supported: ok, best: sentence, shared, total: words.size };
    }
  }
  return best;
}

/** Share of `basis` content words found in `text` (1 when the basis has none). */
export function coverage(basis: string, text: string): { share: number; found: string[]; total: number } {
  const want = [...contentWords(basis)];
  const have = contentWords(text);
  const found = want.filter((w) => have.has(w));
  return { share: want.length === 0 ? 1 : found.length / want.length, found, total: want.length };
}

/** An answer that makes no claim (e.g. "I don't know based on the provided information."). */
export function abstains(answer: string): boolean {
  return splitClaims(answer).length === 0;
}

/** Map a 0..1 share onto an integer scale: min + round(share × (max − min)). */
export function onScale(share: number, scale: { min: number; max: number }): number {
  return scale.min + Math.round(share * (scale.max - scale.min));
}

/** Context sentences of all chunks. */
export function contextSentences(chunks: readonly string[]): string[] {
  return chunks.flatMap((c) => splitSentences(c));
}
