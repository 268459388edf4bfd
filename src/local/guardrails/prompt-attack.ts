/**
 * PROMPT_ATTACK (input only): jailbreaks, prompt injection and prompt leaking, as a weighted lexicon over word
 * tokens (lexicon.ts syntax) plus a few regexes for shapes that are not words (chat-template tokens,
 * "new instructions:", encoded payloads). score = Σ weights of the distinct rules found; confidence as for the
 * content filters (≥ 3 HIGH, ≥ 2 MEDIUM, ≥ 1 LOW).
 */
import { type Confidence, confidenceOf, Lexicon, type LexiconEntry } from './lexicon.ts';

const _INSTRUCTIONS =
  'instructions|instruction|rules|prompt|prompts|directions|guidelines|guardrails|restrictions|programming|constraints';

const _ENTRIES: readonly LexiconEntry[] = [
  // instruction override: "ignore all previous instructions", "disregard the rules above"
  [
    `ignore|disregard|forget|override|bypass *3 previous|prior|above|earlier|preceding|all|your|any|the|these *3 ${_INSTRUCTIONS}`,
    3,
  ],
  // persona jailbreaks: DAN, "do anything now", developer mode, unrestricted role-play
  ['you|youre *2 now *2 dan|stan|jailbroken|unrestricted|unfiltered|uncensored|evil|unbound', 3],
  ['do anything now', 3],
  ['dan mode', 3],
  ['jailbreak~ *2 mode|prompt|you|yourself|this|chatbot|assistant|ai|model', 3],
  ['you|your|yourself *4 developer|god|dan|sudo|unrestricted|jailbreak *1 mode', 2],
  [
    'pretend|act|roleplay|role|imagine|simulate|behave *5 no|without|free|zero *2 restrictions|rules|limits|filters|guidelines|boundaries|morals|ethics|censorship',
    3,
  ],
  ['stay in character', 1],
  // prompt leaking: "reveal your system prompt", "print the hidden instructions"
  [
    'reveal|show|print|repeat|tell|output|leak|display|dump|give|what|recite *3 your|the *2 system|initial|original|hidden|secret|internal|confidential|previous *1 prompt|prompts|instructions|message|rules',
    3,
  ],
  // safety override
  [
    'override|bypass|disable|ignore|deactivate|circumvent *4 safety|content|ethical|moderation *1 filter~|guardrail~|policy|policies|guidelines|protocols|restrictions|rules',
    3,
  ],
  ['from now on *3 you *3 will|must|answer|respond|reply', 0.5],
  // more instruction override and rule revocation
  ['forget|disregard|ignore *2 everything|anything *4 above|before|told|said', 3],
  ['follow|obey *2 only *2 my *1 instructions|rules|orders|commands', 3],
  ['real|true|actual *1 instructions|rules|orders', 1],
  [`${_INSTRUCTIONS} *3 revoked|suspended|lifted|disabled|removed|void|cancelled|canceled`, 3],
  ['no longer *2 apply|exist|bound|restricted', 2],
  ['skip|bypass *2 identity|verification|safety|security *1 checks|check|stuff|rules|filters', 2],
  ['override *3 treat|authori~|grant', 1],
  // more persona / hypothetical framing
  ['pretend|roleplay|act *3 as|be', 1],
  ['you play|imagine *3 assistant|ai|bot', 1],
  ['unrestricted|uncensored|unfiltered|unbound|jailbroken', 1],
  ['no|without *1 restrictions|filters|censorship|guidelines', 1],
  ['broken|break|breaks *1 free', 2],
  ['break|broke|breaking *3 rule|rules|guidelines', 2],
  // more prompt leaking
  [
    'repeat|print|output|paste|quote|translate|summarise|summarize|reveal|show|dump|list *4 your *3 instructions|prompt|configuration|config|rules|guidelines',
    2,
  ],
  ['repeat|print|output|copy|paste *3 everything|all|text *2 above', 3],
  ['instructions|prompt *3 you *2 were|are *1 given|told', 2],
  ['hidden|secret|internal|initial *1 instructions|rules|configuration|prompt|tools|tool|moderation', 1],
  ['your *1 prompt', 1],
  // refusal suppression
  ['never|dont|not *3 refuse~|apologi~|decline', 2],
  ['not allowed *2 say no', 2],
  ['start|begin *3 reply|answer|response *3 with *1 sure|absolutely|certainly', 2],
  ['no caveats|disclaimers|warnings', 1],
  ['comply *3 every|all|any *1 request|requests', 2],
  // many-shot framing
  ['continue *2 transcript|conversation|dialogue', 1],
];

const _REGEXES: ReadonlyArray<readonly [RegExp, number]> = [
  [/\bnew\s+(?:instructions?|rules|task)\s*:/i, 2],
  [/<\|im_start\|>|<\|system\|>|<<\s*sys\s*>>|\[\/?(?:system|inst)\]|<\/?system>/i, 3],
  [/\bsystem prompt\b/i, 1],
  [/\b(?:base64|rot13|hex|encoded)\b.{0,60}\b(?:follow|execute|obey|comply)\b/i, 2],
  [/\bdecode\b.{0,40}\b(?:and|then)\b.{0,20}\b(?:follow|execute|run|obey|do)\b/i, 2],
  [/[A-Za-z0-9+/]{40,}={0,2}/, 1],
  // indirect injection addressed to a model reading the content
  [/\b(?:note|message|instructions?) (?:to|for) (?:any|the|all) (?:ai|assistant|llm|model|bot)s?\b/i, 3],
  [/\b(?:ai|assistant|llm|model|bot)s? (?:reading|processing|summari[sz]ing) this\b/i, 3],
  [/(?:^|[\s;'"([])(?:SYSTEM|ASSISTANT|ADMIN)\s*:/, 2],
  [/\[(?:assistant|system|admin)\s*:/i, 3],
  // many-shot: four or more scripted turns
  [/(?:^\s*(?:user|assistant|human|ai|q\d*|a\d*)\s*:.*$\s*){4,}/im, 2],
];

/** Leetspeak, letter-by-letter hyphenation and reversed text, undone, so the rules also see the plain text. */
function _variants(text: string): string[] {
  const leet = text.replace(
    /[013457@$]/g,
    (c) => ({ '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' })[c] ?? c,
  );
  const joined = text.replace(/\b(\p{L})(?:-(?=\p{L}\b))/gu, '$1');
  const reversed = [...text].reverse().join('');
  return [leet, joined, reversed].filter((v) => v !== text);
}

const _LEXICON = new Lexicon(_ENTRIES);

export interface PromptAttackResult {
  score: number;
  confidence: Confidence;
  /** The rules that fired (lexicon patterns, regex sources). */
  rules: string[];
}

export function promptAttack(text: string): PromptAttackResult {
  let hits = _LEXICON.hits(text).map((h) => [h.pattern, h.weight] as const);
  for (const v of _variants(text)) {
    const more = _LEXICON.hits(v).map((h) => [`deobfuscated: ${h.pattern}`, h.weight] as const);
    if (more.reduce((n, [, w]) => n + w, 0) > hits.reduce((n, [, w]) => n + w, 0)) hits = more;
  }
  for (const [re, w] of _REGEXES) if (re.test(text)) hits.push([re.source, w]);
  const score = hits.reduce((n, [, w]) => n + w, 0);
  return { score, confidence: confidenceOf(score), rules: hits.map(([r]) => r) };
}
