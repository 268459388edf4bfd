/**
 * Content filters: each category's lexicon score → confidence; a filter blocks when its strength (for the
 * source: inputStrength / outputStrength) reaches that confidence (lexicon.ts `strengthBlocks`). PROMPT_ATTACK
 * is evaluated on INPUT only (as on Bedrock, where its outputStrength must be NONE).
 */
import { CLASSES, LEXICONS } from './content-lexicons.ts';
import { actionFor, type ContentFilterConfig, type Source, type Strength } from './definition.ts';
import { type Confidence, confidenceOf, Lexicon, strengthBlocks } from './lexicon.ts';
import { promptAttack } from './prompt-attack.ts';

/** One entry of `contentPolicy.filters` in Bedrock's assessment. */
export interface ContentFilterResult {
  type: ContentFilterConfig['type'];
  confidence: Confidence;
  filterStrength: Strength;
  action: 'BLOCKED' | 'NONE';
  detected: boolean;
}

const _COMPILED = Object.fromEntries(
  Object.entries(LEXICONS).map(([k, entries]) => [k, new Lexicon(entries, CLASSES)]),
) as Record<keyof typeof LEXICONS, Lexicon>;

/** The category score of a text (exported for tests and the labelled-set analysis). */
export function categoryScore(type: ContentFilterConfig['type'], text: string): number {
  if (type === 'PROMPT_ATTACK') return promptAttack(text).score;
  return _COMPILED[type].score(text);
}

/** Category confidence of a text. */
export function categoryConfidence(type: ContentFilterConfig['type'], text: string): Confidence {
  return confidenceOf(categoryScore(type, text));
}

/**
 * Every configured filter evaluated on `text` for `source`. A filter whose strength is NONE for the source, or
 * that is disabled for it, is skipped. `detected` = the strength blocks at the text's confidence; `action` is
 * BLOCKED when detected and the filter's action for the source is BLOCK (default), else NONE.
 */
export function evaluateContentFilters(
  filters: readonly ContentFilterConfig[],
  source: Source,
  text: string,
): ContentFilterResult[] {
  const out: ContentFilterResult[] = [];
  for (const f of filters) {
    const strength = source === 'INPUT' ? f.inputStrength : f.outputStrength;
    if (strength === 'NONE') continue;
    if ((source === 'INPUT' ? f.inputEnabled : f.outputEnabled) === false) continue;
    if (f.type === 'PROMPT_ATTACK' && source === 'OUTPUT') continue;
    const confidence = categoryConfidence(f.type, text);
    const detected = strengthBlocks(strength, confidence);
    const blocking = actionFor(f, source, 'BLOCK') === 'BLOCK';
    out.push({
      type: f.type,
      confidence,
      filterStrength: strength,
      action: detected && blocking ? 'BLOCKED' : 'NONE',
      detected,
    });
  }
  return out;
}
