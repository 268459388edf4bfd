/**
 * Word filters: custom words/phrases and the managed PROFANITY list, matched case-insensitively as whole words
 * (no letter, digit or `_` directly before or after; inner whitespace of a phrase matches any whitespace run).
 * "Project Falcon" matches "project  falcon" but not "Project Falconer"; "damn" does not match "Amsterdam".
 */
import { actionFor, enabledFor, type Source } from './definition.ts';

/** The managed profanity list (small, English; inflections listed explicitly). */
export const PROFANITY: readonly string[] = (
  'fuck fucks fucked fucker fuckers fucking motherfucker motherfuckers shit shits shitty bullshit ' +
  'bitch bitches bastard bastards asshole assholes arsehole damn damned goddamn crap crappy dick dickhead ' +
  'piss pissed wanker wankers bollocks twat prick pricks dumbass jackass'
).split(' ');

export interface WordMatch {
  match: string;
  action: 'BLOCKED' | 'NONE';
  detected: boolean;
}

export interface ManagedWordMatch extends WordMatch {
  type: 'PROFANITY';
}

interface _WordConfig {
  text: string;
  inputAction?: 'BLOCK' | 'NONE' | undefined;
  outputAction?: 'BLOCK' | 'NONE' | undefined;
  inputEnabled?: boolean | undefined;
  outputEnabled?: boolean | undefined;
}

/** A case-insensitive whole-word regex for a word or phrase. */
export function wordRegex(word: string): RegExp {
  const body = word
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'giu');
}

/** Each distinct configured word found (reported as written in the definition). */
export function findCustomWords(words: readonly _WordConfig[], source: Source, text: string): WordMatch[] {
  const out: WordMatch[] = [];
  for (const w of words) {
    if (!enabledFor(w, source) || !wordRegex(w.text).test(text)) continue;
    const blocking = actionFor(w, source, 'BLOCK') === 'BLOCK';
    out.push({ match: w.text, action: blocking ? 'BLOCKED' : 'NONE', detected: true });
  }
  return out;
}

const _PROFANITY_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${[...PROFANITY].sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}_])`,
  'giu',
);

/** Each distinct profanity found (lower-cased), in order of first occurrence. */
export function findProfanity(text: string, blocking: boolean): ManagedWordMatch[] {
  const seen = new Set<string>();
  const out: ManagedWordMatch[] = [];
  for (const m of text.matchAll(_PROFANITY_RE)) {
    const word = m[0].toLowerCase();
    if (seen.has(word)) continue;
    seen.add(word);
    out.push({ match: word, type: 'PROFANITY', action: blocking ? 'BLOCKED' : 'NONE', detected: true });
  }
  return out;
}
