import { describe, expect, it } from 'vitest';
import { evalJsonPath, parseJsonPath } from './json-path.ts';
import { payloadCodec, readResponse } from './payload.ts';
import { compileRequestTemplate } from './template.ts';

describe('custom request templates', () => {
  it('JSON-escapes strings, renders unset numbers as null, and reads }}} as a variable then a brace', () => {
    const render = compileRequestTemplate(
      '{"in": {"p": "{{prompt}}", "s": "{{system}}"}, "n": {{maxTokens}}, "t": {{temperature}}, "stop": {{stopSequences}}}',
    );
    expect(
      render({ prompt: 'say "hi"\nnow', inferenceConfig: { maxTokens: 5, stopSequences: ['##'] } }),
    ).toEqual({
      in: { p: 'say "hi"\nnow', s: '' },
      n: 5,
      t: null,
      stop: ['##'],
    });
  });
});

describe('JSON paths and response mapping', () => {
  it('reads keys, indexes (negative from the end) and quoted keys', () => {
    const doc = { outputs: [{ text: 'a' }, { text: 'b' }], 'odd key': 3 };
    expect(evalJsonPath(doc, parseJsonPath('$.outputs[-1].text'))).toEqual({ found: true, value: 'b' });
    expect(evalJsonPath(doc, parseJsonPath("$['odd key']"))).toEqual({ found: true, value: 3 });
    expect(evalJsonPath(doc, parseJsonPath('$.outputs[2].text'))).toEqual({ found: false });
    expect(() => parseJsonPath('$.outputs[x]')).toThrow('JSON path "$.outputs[x]": cannot read "[x]"');
  });

  it('a mapped value of the wrong type is a mapping error', () => {
    const codec = payloadCodec({
      name: 'e',
      format: 'custom',
      instanceCount: 1,
      request: '{"prompt": "{{prompt}}"}',
      response: { text: '$.outputs[0].text', outputTokens: '$.n' },
    });
    expect(() => readResponse(codec, '{"outputs":[{"text":7}]}')).toThrow(
      'response $.outputs[0].text is a number, not a string',
    );
    expect(() => readResponse(codec, '{"outputs":[{"text":"x"}],"n":"9"}')).toThrow(
      'response $.n is not a number',
    );
    expect(() => readResponse(codec, 'oops')).toThrow('response is not JSON: "oops"');
  });
});
