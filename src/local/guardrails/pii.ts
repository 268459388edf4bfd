/**
 * Sensitive-information policy: the configured PII entity types (pii-detectors.ts) and custom regexes run over
 * a text; overlapping findings keep the longer span (ties: the earlier, then the first configured). Each kept
 * finding is reported with its action: BLOCK → `BLOCKED` (the text is blocked), ANONYMIZE → `ANONYMIZED` (the
 * span is replaced by `{TYPE}` — e.g. `{EMAIL}` — or `{regex name}` in the output), NONE → detect only.
 */
import { actionFor, enabledFor, type PiiEntityConfig, type RegexConfig, type Source } from './definition.ts';
import { PII_DETECTORS, type Span } from './pii-detectors.ts';

type PiiAction = 'BLOCKED' | 'ANONYMIZED' | 'NONE';

export interface PiiEntityResult {
  match: string;
  type: PiiEntityConfig['type'];
  action: PiiAction;
  detected: boolean;
}

export interface RegexResult {
  name: string;
  match: string;
  regex: string;
  action: PiiAction;
  detected: boolean;
}

export interface PiiResult {
  piiEntities: PiiEntityResult[];
  regexes: RegexResult[];
  /** A BLOCK finding. */
  blocked: boolean;
  /** An ANONYMIZE finding (the masked text differs). */
  anonymized: boolean;
  masked: string;
}

interface _Finding extends Span {
  order: number;
  action: PiiAction;
  placeholder: string;
  entity?: PiiEntityResult;
  regex?: RegexResult;
}

const _ACTION = { BLOCK: 'BLOCKED', ANONYMIZE: 'ANONYMIZED', NONE: 'NONE' } as const;

function _regexSpans(pattern: string, text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(new RegExp(pattern, 'gu'))) {
    if (!m[0]) continue;
    const start = m.index ?? 0;
    out.push({ start, end: start + m[0].length, text: m[0] });
  }
  return out;
}

function _findings(
  entities: readonly PiiEntityConfig[],
  regexes: readonly RegexConfig[],
  source: Source,
  text: string,
): _Finding[] {
  const all: _Finding[] = [];
  entities.forEach((e, order) => {
    if (!enabledFor(e, source)) return;
    const action = _ACTION[actionFor(e, source, e.action)];
    for (const s of PII_DETECTORS[e.type]?.(text) ?? []) {
      const entity = { match: s.text, type: e.type, action, detected: true };
      all.push({ ...s, order, action, placeholder: `{${e.type}}`, entity });
    }
  });
  regexes.forEach((r, i) => {
    if (!enabledFor(r, source)) return;
    const action = _ACTION[actionFor(r, source, r.action)];
    for (const s of _regexSpans(r.pattern, text)) {
      const regex = { name: r.name, match: s.text, regex: r.pattern, action, detected: true };
      all.push({ ...s, order: entities.length + i, action, placeholder: `{${r.name}}`, regex });
    }
  });
  return all;
}

/** Keep non-overlapping findings: longer first, then earlier, then first configured. */
function _resolveOverlaps(all: _Finding[]): _Finding[] {
  const ranked = [...all].sort(
    (a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start || a.order - b.order,
  );
  const kept: _Finding[] = [];
  for (const f of ranked) if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  return kept.sort((a, b) => a.start - b.start);
}

export function evaluatePii(
  entities: readonly PiiEntityConfig[],
  regexes: readonly RegexConfig[],
  source: Source,
  text: string,
): PiiResult {
  const kept = _resolveOverlaps(_findings(entities, regexes, source, text));
  let masked = '';
  let at = 0;
  for (const f of kept) {
    if (f.action !== 'ANONYMIZED') continue;
    masked += text.slice(at, f.start) + f.placeholder;
    at = f.end;
  }
  masked += text.slice(at);
  return {
    piiEntities: kept.flatMap((f) => (f.entity ? [f.entity] : [])),
    regexes: kept.flatMap((f) => (f.regex ? [f.regex] : [])),
    blocked: kept.some((f) => f.action === 'BLOCKED'),
    anonymized: kept.some((f) => f.action === 'ANONYMIZED'),
    masked,
  };
}
