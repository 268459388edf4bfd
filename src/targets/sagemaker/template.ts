/**
 * The request template of a custom container: handlebars (own environment, strict) rendering a JSON body.
 * String variables arrive JSON-escaped without quotes (write `"{{prompt}}"`), numbers as numbers or `null`,
 * `stopSequences` as a JSON array, so any prompt text yields valid JSON. Triple braces are not handlebars'
 * raw output here (nothing is HTML-escaped anyway): `{"n": {{maxTokens}}}` reads as a variable next to a brace.
 */
import Handlebars from 'handlebars';
import type { TargetRequest } from '../../core/types.ts';

const _hb = Handlebars.create();

export type RequestTemplate = (request: TargetRequest) => unknown;

function _escaped(text: string | undefined): string {
  return JSON.stringify(text ?? '').slice(1, -1);
}

/** A number as JSON text; `null` when unset (handlebars would render null as nothing). */
function _num(n: number | undefined): string {
  return n === undefined ? 'null' : String(n);
}

function _vars(request: TargetRequest): Record<string, unknown> {
  const inf = request.inferenceConfig ?? {};
  return {
    prompt: _escaped(request.prompt),
    system: _escaped(request.system),
    maxTokens: _num(inf.maxTokens),
    temperature: _num(inf.temperature),
    topP: _num(inf.topP),
    stopSequences: JSON.stringify(inf.stopSequences ?? []),
  };
}

const _OPEN = '\u0001';
const _CLOSE = '\u0002';

/** Braces next to a mustache (`{{{`, `}}}`) become placeholders, restored after rendering. */
function _protectBraces(source: string): string {
  return source
    .replace(/(\{+)\{\{/g, (_m, extra: string) => `${_OPEN.repeat(extra.length)}{{`)
    .replace(/\}\}(\}+)/g, (_m, extra: string) => `}}${_CLOSE.repeat(extra.length)}`);
}

/** Compile a template; rendering throws an Error when the result is not JSON. */
export function compileRequestTemplate(source: string): RequestTemplate {
  const fn = _hb.compile(_protectBraces(source), { noEscape: true, strict: true });
  return (request) => {
    const text = fn(_vars(request)).replaceAll(_OPEN, '{').replaceAll(_CLOSE, '}');
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new Error(`request template does not render JSON (${(err as Error).message})`);
    }
  };
}

/** A problem with a template (bad handlebars, unknown variable, not JSON for a sample request), else undefined. */
export function checkRequestTemplate(source: string): string | undefined {
  try {
    const render = compileRequestTemplate(source);
    render({
      prompt: 'He said "hi"\nQuestion: why?',
      system: 'sys',
      inferenceConfig: { maxTokens: 1, temperature: 0, topP: 1, stopSequences: ['x'] },
    });
    render({ prompt: 'p' });
    return undefined;
  } catch (err) {
    return String((err as Error).message)
      .replace(/ in \[object Object\]/g, '')
      .split('\n')[0];
  }
}
