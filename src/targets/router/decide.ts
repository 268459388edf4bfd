/**
 * The pure parts of routing: which rule a prompt matches, the classifier's prompt, and reading a tier name out of
 * the classifier's answer.
 */
import Handlebars from 'handlebars';
import { EvalgateError } from '../../core/errors.ts';
import { type RouterRule, type RouterSpec, ruleRegExp } from './schema.ts';

/** A compiled rule: the predicate and the tier it sends to. */
export interface CompiledRule {
  tier: string;
  test(prompt: string): boolean;
}

export function compileRules(rules: readonly RouterRule[] | undefined): CompiledRule[] {
  return (rules ?? []).map((rule) => {
    const re = rule.matches === undefined ? undefined : ruleRegExp(rule.matches, rule.flags);
    return {
      tier: rule.tier,
      test(prompt) {
        if (rule.minChars !== undefined && prompt.length < rule.minChars) return false;
        if (rule.maxChars !== undefined && prompt.length > rule.maxChars) return false;
        if (re) {
          re.lastIndex = 0;
          if (!re.test(prompt)) return false;
        }
        return true;
      },
    };
  });
}

/** The first rule the prompt matches (its 0-based index and tier), or undefined. */
export function matchRule(
  rules: readonly CompiledRule[],
  prompt: string,
): { rule: number; tier: string } | undefined {
  const i = rules.findIndex((r) => r.test(prompt));
  const hit = rules[i];
  return hit ? { rule: i, tier: hit.tier } : undefined;
}

/**
 * The default classifier prompt: one sentence per tier, naming it, then the question. The local models answer by
 * copying the context sentence that best overlaps the question, i.e. the line of the tier whose description
 * shares the most words with it; a real model answers with the tier name. Either way the answer names one tier.
 */
export const DEFAULT_CLASSIFIER_PROMPT = `{{#each tierList}}
Tier {{name}}: {{description}}
{{/each}}
Reply with the name of the one tier that fits the question ({{tiers}}).
Question: {{question}}`;

/** The question of a prompt: the text after its last line starting with `Question:`, else the whole prompt. */
export function questionOf(prompt: string): string {
  const lines = prompt.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const m = /^\s*Question:\s*(.*)$/i.exec(lines[i] ?? '');
    if (m) return [m[1] ?? '', ...lines.slice(i + 1)].join('\n').trim();
  }
  return prompt.trim();
}

export interface ClassifierVars {
  prompt: string;
  question: string;
  system: string;
  tiers: string;
  tierList: { name: string; model: string; description: string }[];
}

export function classifierVars(spec: RouterSpec, prompt: string, system: string | undefined): ClassifierVars {
  const tierList = Object.entries(spec.tiers).map(([name, t]) => ({
    name,
    model: t.model,
    description: t.description ?? `requests that ${t.model} should answer.`,
  }));
  return {
    prompt,
    question: questionOf(prompt),
    system: system ?? '',
    tiers: tierList.map((t) => t.name).join(', '),
    tierList,
  };
}

export type CompiledClassifier = (vars: ClassifierVars) => { prompt: string; system?: string };

/**
 * Compiles the classifier's prompt (and system) templates and renders them once on sample variables, so a
 * template naming an unknown variable fails when the target is built (one line), not on every case.
 */
export function compileClassifier(spec: RouterSpec, targetId: string): CompiledClassifier | undefined {
  const c = spec.classifier;
  if (!c) return undefined;
  const compile = (source: string) => Handlebars.compile(source, { noEscape: true, strict: true });
  const prompt = compile(c.prompt ?? DEFAULT_CLASSIFIER_PROMPT);
  const system = c.system === undefined ? undefined : compile(c.system);
  const render: CompiledClassifier = (vars) => ({
    prompt: prompt(vars),
    ...(system ? { system: system(vars) } : {}),
  });
  try {
    render(classifierVars(spec, 'Question: sample', 'sample'));
  } catch (err) {
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new EvalgateError(
      'TARGET',
      `target "${targetId}": router.classifier template: ${why} (variables: prompt, question, system, tiers, tierList)`,
    );
  }
  return render;
}

const _words = (text: string) => text.toLowerCase().match(/[a-z0-9_-]+/g) ?? [];

/**
 * The tier a classifier's answer names: the answer itself when it is a tier name (case, quotes and punctuation
 * aside), else the one tier whose name occurs in it as a word. No tier, or several → undefined (the router then
 * uses its default tier and records the answer).
 */
export function parseTier(answer: string, tiers: readonly string[]): string | undefined {
  const bare = answer
    .trim()
    .replace(/^["'`*\s]+|["'`*.!\s]+$/g, '')
    .toLowerCase();
  const exact = tiers.find((t) => t.toLowerCase() === bare);
  if (exact) return exact;
  const words = new Set(_words(answer));
  const named = tiers.filter((t) => words.has(t.toLowerCase()));
  return named.length === 1 ? named[0] : undefined;
}
