/**
 * Judge prompts: find `judges/<name>/judge.yaml` + `<version>.hbs`, and render a call's prompt. A rendered
 * prompt is: the protocol header line, the template's text (instructions + tagged sections of neutralised
 * data), the `<response_schema>` section with the JSON Schema of the verdict, and a closing JSON-only line.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { EvalgateError } from '../../core/errors.ts';
import { neutralise } from './delimit.ts';
import { compareVersions, type JudgeFile, type JudgeTask, parseJudgeFile } from './judge-file.ts';

/** The judges shipped with evalgate (the repository's `judges/` folder). */
export const BUILTIN_JUDGES_DIR = fileURLToPath(new URL('../../../judges/', import.meta.url));

/** First line of every judge prompt; the local judge recognises the protocol by it. */
export function protocolHeader(task: JudgeTask): string {
  return `# Evaluation task: ${task} (evalgate judge protocol 1)`;
}

export const CLOSING =
  'Reply with one JSON object that validates against <response_schema>, and nothing else: no prose, no code fence.';

/** The data of one judge call (raw, untrusted text; neutralised when rendered). */
export interface JudgeVars {
  question?: string;
  answer?: string;
  reference?: string;
  answerA?: string;
  answerB?: string;
  context?: string[];
}

export interface JudgePrompt {
  /** `name@version`. */
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly task: JudgeTask;
  readonly criteria?: string;
  readonly scale?: { min: number; max: number };
  readonly anchors: Array<{ score: number; text: string }>;
  /** Where the template is, for messages. */
  readonly templateFile: string;
  render(vars: JudgeVars, responseSchema: unknown): string;
}

function _display(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/** Folders searched for `<name>/judge.yaml`: judgesDir if given; else every `judges/` from baseDir up; then built-ins. */
function _searchDirs(baseDir: string, judgesDir?: string): string[] {
  if (judgesDir !== undefined) return [path.resolve(baseDir, judgesDir)];
  const dirs: string[] = [];
  let dir = path.resolve(baseDir);
  for (;;) {
    dirs.push(path.join(dir, 'judges'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const builtin = path.resolve(BUILTIN_JUDGES_DIR);
  if (!dirs.includes(builtin)) dirs.push(builtin);
  return dirs;
}

const _cache = new Map<string, JudgePrompt>();

/** Parse `name` or `name@version`. */
export function parseJudgeRef(ref: string): { name: string; version?: string } {
  const at = ref.indexOf('@');
  return at < 0 ? { name: ref } : { name: ref.slice(0, at), version: ref.slice(at + 1) };
}

/**
 * Load a judge prompt by reference (`faithfulness@1.0.0`; without a version, the highest one). Throws a one-line
 * EvalgateError naming the file when it is missing or invalid.
 */
export function loadJudgePrompt(ref: string, opts: { baseDir: string; judgesDir?: string }): JudgePrompt {
  const { name, version } = parseJudgeRef(ref);
  const dirs = _searchDirs(opts.baseDir, opts.judgesDir);
  const dir = dirs.find((d) => existsSync(path.join(d, name, 'judge.yaml')));
  if (dir === undefined) {
    const looked = dirs.map((d) => _display(path.join(d, name, 'judge.yaml'))).join(', ');
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `judge prompt "${ref}": no judge.yaml (looked in: ${looked})`,
    );
  }
  const yamlFile = path.join(dir, name, 'judge.yaml');
  const file = parseJudgeFile(_display(yamlFile), readFileSync(yamlFile, 'utf8'), name);
  const known = Object.keys(file.versions).sort(compareVersions);
  const chosen = version ?? known[known.length - 1]!;
  const key = `${yamlFile}@${chosen}`;
  const cached = _cache.get(key);
  if (cached) return cached;
  if (!file.versions[chosen]) {
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `judge prompt "${ref}": no version ${chosen} (known: ${known.join(', ')})`,
      _display(yamlFile),
    );
  }
  const prompt = _build(file, chosen, path.join(dir, name));
  _cache.set(key, prompt);
  return prompt;
}

function _build(file: JudgeFile, version: string, dir: string): JudgePrompt {
  const v = file.versions[version]!;
  const templateFile = path.join(dir, v.template ?? `${version}.hbs`);
  const shown = _display(templateFile);
  if (!existsSync(templateFile))
    throw new EvalgateError(
      'CONFIG_REFERENCE',
      `judge "${file.name}@${version}": template file is missing`,
      shown,
    );
  const source = readFileSync(templateFile, 'utf8');
  const hb = Handlebars.create();
  try {
    hb.parse(source);
  } catch (err) {
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0] ?? 'invalid template';
    throw new EvalgateError('CONFIG_SCHEMA', `invalid Handlebars template: ${message}`, shown);
  }
  const template = hb.compile(source, { noEscape: true });
  const anchors = Object.entries(v.anchors ?? {})
    .map(([score, text]) => ({ score: Number(score), text }))
    .sort((a, b) => a.score - b.score);
  const header = protocolHeader(file.task);
  return {
    id: `${file.name}@${version}`,
    name: file.name,
    version,
    task: file.task,
    ...(v.criteria !== undefined ? { criteria: v.criteria } : {}),
    ...(v.scale !== undefined ? { scale: v.scale } : {}),
    anchors,
    templateFile: shown,
    render(vars, responseSchema) {
      const n = (t: string | undefined) => (t === undefined ? undefined : neutralise(t));
      const chunks = (vars.context ?? []).map((text, i) => ({ index: i + 1, text: neutralise(text) }));
      const body = template({
        task: file.task,
        criteria: n(v.criteria?.trim()),
        scale: v.scale,
        anchors: anchors.map((a) => ({ score: a.score, text: neutralise(a.text) })),
        question: n(vars.question),
        answer: n(vars.answer),
        reference: n(vars.reference),
        answer_a: n(vars.answerA),
        answer_b: n(vars.answerB),
        context: vars.context ? chunks.map((c) => c.text).join('\n\n') : undefined,
        chunks,
      }).trim();
      const schema = neutralise(JSON.stringify(responseSchema));
      return `${header}\n\n${body}\n\n<response_schema>\n${schema}\n</response_schema>\n\n${CLOSING}\n`;
    },
  };
}
