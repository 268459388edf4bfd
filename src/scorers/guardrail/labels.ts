/**
 * A labelled guardrail row, read from the case's variables: what the guardrail should do (`expect`: block, mask or
 * pass), which policy types should fire (`policy`), which PII entities should be masked (`entities`), and for
 * which guardrail versions the label holds (`variant`). Field names are the scorer's options.
 */
import { EvalgateError } from '../../core/errors.ts';
import type { EvalCase, GuardrailPolicy } from '../../core/types.ts';

export type Expectation = 'block' | 'mask' | 'pass';

/** Label vocabulary of policy types (Bedrock's RELEVANCE filter counts as `grounding`). */
export const LABEL_POLICIES = [
  'content',
  'prompt-attack',
  'topic',
  'word',
  'pii',
  'regex',
  'grounding',
] as const;
export type LabelPolicy = (typeof LABEL_POLICIES)[number];

export interface ExpectedEntity {
  type: string;
  text: string;
}

export interface RowLabel {
  expect: Expectation;
  /** Policy types that should fire (empty for must-pass rows). */
  policies: LabelPolicy[];
  entities: ExpectedEntity[];
  /** The row's `variant` held for another version: it counts as must-pass for this target. */
  variantPass: boolean;
  /** Attack rows: must-block rows with the attack field (e.g. `technique`) set. */
  attack: boolean;
  /** Grounding rows: a grounding label or a grounding source. */
  grounding: boolean;
}

export interface LabelFields {
  expect: string;
  policy: string;
  entities: string;
  variant: string;
  attack: string;
  groundingSource: string;
}

/** A finding's policy as the labels name it. */
export function labelPolicy(p: GuardrailPolicy): LabelPolicy {
  return p === 'relevance' ? 'grounding' : p;
}

function _where(c: EvalCase): string {
  const word = c.source.file.toLowerCase().endsWith('.jsonl') ? 'line' : 'row';
  return `${c.source.file} ${word} ${c.source.row} (case ${c.id})`;
}

function _bad(c: EvalCase, field: string, got: unknown, expected: string): never {
  const shown = typeof got === 'string' ? got : JSON.stringify(got);
  throw new EvalgateError('DATASET_ROW', `field "${field}" is ${shown} (expected ${expected})`, _where(c));
}

const _present = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

function _policies(c: EvalCase, field: string): LabelPolicy[] {
  const raw = c.vars[field];
  if (!_present(raw)) return [];
  const list = Array.isArray(raw) ? raw.map(String) : String(raw).split(/[,|]/);
  const out: LabelPolicy[] = [];
  for (const item of list.map((s) => s.trim().toLowerCase()).filter((s) => s !== '' && s !== 'none')) {
    const p = item === 'relevance' ? 'grounding' : item;
    if (!(LABEL_POLICIES as readonly string[]).includes(p))
      _bad(c, field, raw, `${LABEL_POLICIES.join(', ')} or none`);
    if (!out.includes(p as LabelPolicy)) out.push(p as LabelPolicy);
  }
  return out;
}

function _entities(c: EvalCase, field: string): ExpectedEntity[] {
  let raw = c.vars[field];
  if (!_present(raw)) return [];
  if (typeof raw === 'string') {
    try {
      raw = JSON.parse(raw);
    } catch {
      _bad(c, field, raw, 'a JSON array of {type, text}');
    }
  }
  if (!Array.isArray(raw)) _bad(c, field, raw, 'an array of {type, text}');
  return raw.map((e: unknown) => {
    const o = e as { type?: unknown; text?: unknown } | null;
    if (typeof o?.type !== 'string' || typeof o.text !== 'string') _bad(c, field, e, '{type, text} strings');
    return { type: o.type, text: o.text };
  });
}

/**
 * Whether a row's variant holds for this target's version: a variant `<v>-only` (e.g. `v2-only`) holds only for
 * targets of version `<v>`; any other variant (`v1`, empty) holds for every version. Undefined when the row is
 * `-only` and the target's version is unknown (the row is then left out).
 */
export function variantHolds(variant: unknown, version: string | undefined): boolean | undefined {
  if (!_present(variant)) return true;
  const m = /^(.+)-only$/i.exec(String(variant).trim());
  if (!m) return true;
  if (version === undefined) return undefined;
  return m[1]?.toLowerCase() === version.toLowerCase();
}

/** The row's label for a target of `version`; undefined when the row has no `expect` label or no decidable variant. */
export function readLabel(c: EvalCase, f: LabelFields, version: string | undefined): RowLabel | undefined {
  const rawExpect = c.vars[f.expect];
  if (!_present(rawExpect)) return undefined;
  const expect = String(rawExpect).trim().toLowerCase();
  if (expect !== 'block' && expect !== 'mask' && expect !== 'pass')
    _bad(c, f.expect, rawExpect, 'block, mask or pass');
  const holds = variantHolds(c.vars[f.variant], version);
  if (holds === undefined) return undefined;
  const policies = _policies(c, f.policy);
  const entities = _entities(c, f.entities);
  const grounding = policies.includes('grounding') || _present(c.vars[f.groundingSource]);
  if (!holds)
    return { expect: 'pass', policies: [], entities: [], variantPass: true, attack: false, grounding };
  return {
    expect,
    policies: expect === 'pass' ? [] : policies,
    entities,
    variantPass: false,
    // attack look-alikes (the attack field set on a must-pass row) count as must-pass rows, not as attacks
    attack: expect === 'block' && _present(c.vars[f.attack]),
    grounding,
  };
}
