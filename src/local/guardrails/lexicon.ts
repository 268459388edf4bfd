/**
 * Weighted lexicons over word tokens: the matching engine of the content filters.
 *
 * A text's tokens are `tokenize(text)` (lower-cased words) and each is compared in two forms: as written and
 * light-stemmed (`stemLight`: kills → kill, threatening → threaten). A lexicon entry is a pattern and a weight:
 * - `word` — one slot: matches a token equal to `word` (either form); `word~` matches any token starting
 *   with `word` (`stab~` → stab, stabbed, stabbing);
 * - `a|b|c` — a slot matching any of the alternatives;
 * - `@CLASS` — any word of a named class (e.g. `@PERSON`, defined by the lexicon), also as an alternative;
 * - `*` — a gap of 0 to 3 arbitrary tokens; `*N` — a gap of 0 to N tokens;
 * - slots separated by spaces form a phrase: consecutive tokens (gaps aside).
 * score(text) = Σ weights of the distinct entries found at least once (an entry counts once however often it
 * occurs); weights may be negative (benign context such as "sexual harassment policy").
 */
import { stemLight, tokenize } from '../../textkit/index.ts';

export type LexiconEntry = readonly [pattern: string, weight: number];

type Slot = { kind: 'gap'; max: number } | { kind: 'words'; exact: Set<string>; prefixes: string[] };

interface Compiled {
  pattern: string;
  weight: number;
  slots: Slot[];
}

export interface LexiconHit {
  pattern: string;
  weight: number;
}

const _GAP = 3;

export class Lexicon {
  private readonly entries: Compiled[];

  constructor(entries: readonly LexiconEntry[], classes: Record<string, readonly string[]> = {}) {
    this.entries = entries.map(([pattern, weight]) => ({
      pattern,
      weight,
      slots: _compile(pattern, classes),
    }));
  }

  /** The distinct entries found in a text. */
  hits(text: string): LexiconHit[] {
    const raw = tokenize(text);
    const stems = raw.map(stemLight);
    const out: LexiconHit[] = [];
    for (const e of this.entries) {
      for (let i = 0; i < raw.length; i++) {
        if (_matchAt(e.slots, 0, raw, stems, i)) {
          out.push({ pattern: e.pattern, weight: e.weight });
          break;
        }
      }
    }
    return out;
  }

  /** Σ weights of the distinct entries found. */
  score(text: string): number {
    return this.hits(text).reduce((n, h) => n + h.weight, 0);
  }
}

function _compile(pattern: string, classes: Record<string, readonly string[]>): Slot[] {
  return pattern
    .trim()
    .split(/\s+/)
    .map((slot): Slot => {
      if (slot === '*') return { kind: 'gap', max: _GAP };
      if (/^\*\d$/.test(slot)) return { kind: 'gap', max: Number(slot.slice(1)) };
      const words = slot
        .split('|')
        .flatMap((w) => (w.startsWith('@') ? [...(classes[w.slice(1)] ?? _unknownClass(w))] : [w]));
      const exact = new Set<string>();
      const prefixes: string[] = [];
      for (const w of words) {
        if (w.endsWith('~')) prefixes.push(w.slice(0, -1).toLowerCase());
        else {
          exact.add(w.toLowerCase());
          exact.add(stemLight(w.toLowerCase()));
        }
      }
      return { kind: 'words', exact, prefixes };
    });
}

function _unknownClass(slot: string): never {
  throw new Error(`lexicon: unknown class ${slot}`);
}

function _slotMatches(slot: Extract<Slot, { kind: 'words' }>, raw: string, stem: string): boolean {
  if (slot.exact.has(raw) || slot.exact.has(stem)) return true;
  return slot.prefixes.some((p) => raw.startsWith(p));
}

function _matchAt(slots: Slot[], s: number, raw: string[], stems: string[], i: number): boolean {
  if (s === slots.length) return true;
  const slot = slots[s]!;
  if (slot.kind === 'gap') {
    for (let skip = 0; skip <= slot.max && i + skip <= raw.length; skip++) {
      if (_matchAt(slots, s + 1, raw, stems, i + skip)) return true;
    }
    return false;
  }
  if (i >= raw.length || !_slotMatches(slot, raw[i]!, stems[i]!)) return false;
  return _matchAt(slots, s + 1, raw, stems, i + 1);
}

export type Confidence = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';

/** Score → confidence: ≥ 3 HIGH, ≥ 2 MEDIUM, ≥ 1 LOW, else NONE. */
export function confidenceOf(score: number): Confidence {
  if (score >= 3) return 'HIGH';
  if (score >= 2) return 'MEDIUM';
  if (score >= 1) return 'LOW';
  return 'NONE';
}

const _RANK: Record<Confidence, number> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

/**
 * Does a filter of this strength block at this confidence? Bedrock's documented mapping: strength HIGH blocks
 * LOW, MEDIUM and HIGH confidence; MEDIUM blocks MEDIUM and HIGH; LOW blocks HIGH only; NONE blocks nothing.
 */
export function strengthBlocks(
  strength: 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH',
  confidence: Confidence,
): boolean {
  if (strength === 'NONE' || confidence === 'NONE') return false;
  const minimum = strength === 'HIGH' ? 1 : strength === 'MEDIUM' ? 2 : 3;
  return _RANK[confidence] >= minimum;
}
