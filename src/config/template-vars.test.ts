import { describe, expect, it } from 'vitest';
import { checkTemplate, templateRefs } from './template-vars.ts';

describe('templateRefs', () => {
  it('lists plain variables in order of first use, once each', () => {
    expect(templateRefs('Q: {{question}} ({{context}}) again {{question}}').variables).toEqual([
      'question',
      'context',
    ]);
  });

  it('reads this.x, @root.x and helper arguments as root variables', () => {
    const refs = templateRefs('{{this.a}} {{@root.b}} {{#if c}}{{d}}{{else}}{{e}}{{/if}} {{lookup f "k"}}');
    expect(refs.variables).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(refs.helpers).toEqual(['if', 'lookup']);
  });

  it('does not treat fields of each/with items as root variables, but sees ../x', () => {
    const refs = templateRefs(
      '{{#each docs}}- {{title}} {{@index}} {{../policy}}{{/each}}{{#with meta}}{{author}}{{/with}}',
    );
    expect(refs.variables).toEqual(['docs', 'policy', 'meta']);
  });

  it('records unknown helpers, sub-expressions and partials', () => {
    const refs = templateRefs('{{upper name}} {{#if (eq a b)}}x{{/if}} {{> footer}}');
    expect(refs.helpers).toEqual(['upper', 'if', 'eq']);
    expect(refs.variables).toEqual(['name', 'a', 'b']);
    expect(refs.partials).toEqual(['footer']);
  });

  it('treats an argument-less block as a section over a variable', () => {
    expect(templateRefs('{{#items}}{{name}}{{/items}}').variables).toEqual(['items']);
  });
});

describe('checkTemplate', () => {
  const allowed = new Set(['question', 'expected', 'id', 'policy']);

  it('accepts a template that reads only allowed variables', () => {
    expect(checkTemplate('{{policy}}\nQ: {{question}} [{{id}}]', allowed)).toBeUndefined();
  });

  it('names the first unknown variable and what is available', () => {
    expect(checkTemplate('Q: {{questoin}} {{ctx}}', allowed, 'not a column of d.csv')).toBe(
      'unknown template variable "questoin" (not a column of d.csv); available: question, expected, id, policy',
    );
  });

  it('rejects helpers evalgate does not register, and partials', () => {
    expect(checkTemplate('{{upper question}}', allowed)).toBe(
      'unknown template helper "upper" (available: if, unless, each, with, lookup, log)',
    );
    expect(checkTemplate('{{> footer}}', allowed)).toBe('template partials are not supported ({{> footer}})');
  });

  it('reports a syntax error on one line', () => {
    const msg = checkTemplate('Q: {{question}', allowed) ?? '';
    expect(msg).toMatch(/^invalid handlebars template: Parse error on line 1: Expecting .*got 'INVALID'$/);
    expect(msg).not.toContain('\n');
  });
});
