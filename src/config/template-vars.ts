/**
 * Which variables a handlebars template reads, from its parsed AST (`Handlebars.parse`), so a suite can be
 * checked against the dataset columns before anything runs.
 */
import Handlebars from 'handlebars';

type HbsNode = hbs.AST.Node;

/** Built-in helpers; evalgate registers no others. */
export const BUILTIN_HELPERS = new Set(['if', 'unless', 'each', 'with', 'lookup', 'log']);
/** Block helpers that change the context (`{{#each xs}}{{name}}{{/each}}` reads `name` of each item). */
const _SCOPING = new Set(['each', 'with']);

export interface TemplateRefs {
  /** Top-level variable names read from the root context, in order of first use. */
  variables: string[];
  /** Helper names called (built-in or not). */
  helpers: string[];
  /** Partials used (`{{> name}}`); evalgate supports none. */
  partials: string[];
}

interface _Walk {
  vars: Set<string>;
  helpers: Set<string>;
  partials: Set<string>;
}

/** Record a path read as a value; `scoped` = inside a block that changed the context. */
function _path(node: HbsNode, scoped: number, acc: _Walk): void {
  if (node.type === 'SubExpression') {
    _call(node as hbs.AST.SubExpression, scoped, acc);
    return;
  }
  if (node.type !== 'PathExpression') return; // literals
  const p = node as hbs.AST.PathExpression;
  if (p.data) {
    // @root.x reads x from the root; @index, @key, @first … are block data.
    if (p.parts[0] === 'root' && p.parts[1] !== undefined) acc.vars.add(p.parts[1]);
    return;
  }
  const head = p.parts[0];
  if (head === undefined) return; // `this`
  if (p.depth === scoped) acc.vars.add(head); // `../x` inside one scoping block reads the root
}

function _call(node: hbs.AST.SubExpression | hbs.AST.MustacheStatement, scoped: number, acc: _Walk): void {
  const name = (node.path as hbs.AST.PathExpression).original;
  const isCall =
    node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0 || node.type === 'SubExpression';
  if (isCall && node.path.type === 'PathExpression') acc.helpers.add(name);
  else _path(node.path, scoped, acc);
  for (const param of node.params) _path(param, scoped, acc);
  for (const pair of node.hash?.pairs ?? []) _path(pair.value, scoped, acc);
}

function _program(program: hbs.AST.Program | undefined, scoped: number, acc: _Walk): void {
  for (const stmt of program?.body ?? []) _statement(stmt, scoped, acc);
}

function _statement(node: hbs.AST.Statement, scoped: number, acc: _Walk): void {
  switch (node.type) {
    case 'MustacheStatement':
      _call(node as hbs.AST.MustacheStatement, scoped, acc);
      return;
    case 'BlockStatement': {
      const block = node as hbs.AST.BlockStatement;
      const name = (block.path as hbs.AST.PathExpression).original;
      const hasArgs = block.params.length > 0 || (block.hash?.pairs.length ?? 0) > 0;
      // `{{#items}}…{{/items}}` (no args, not a helper) is a section over the variable `items`.
      if (hasArgs || BUILTIN_HELPERS.has(name)) acc.helpers.add(name);
      else _path(block.path, scoped, acc);
      for (const param of block.params) _path(param, scoped, acc);
      for (const pair of block.hash?.pairs ?? []) _path(pair.value, scoped, acc);
      const inner = _SCOPING.has(name) || !hasArgs ? scoped + 1 : scoped;
      _program(block.program, inner, acc);
      _program(block.inverse, scoped, acc);
      return;
    }
    case 'PartialStatement':
    case 'PartialBlockStatement': {
      const partial = node as hbs.AST.PartialStatement;
      acc.partials.add((partial.name as hbs.AST.PathExpression).original ?? 'partial');
      return;
    }
    default:
      return; // content, comments
  }
}

/** Parse a template and list what it reads. Throws Handlebars' parse error on bad syntax. */
export function templateRefs(source: string): TemplateRefs {
  const ast = Handlebars.parse(source);
  const acc: _Walk = { vars: new Set(), helpers: new Set(), partials: new Set() };
  _program(ast, 0, acc);
  return { variables: [...acc.vars], helpers: [...acc.helpers], partials: [...acc.partials] };
}

/**
 * The first problem of a template against the variables it may use, as a one-line message; undefined when
 * fine. `context` (e.g. `not a column of datasets/x.csv`) is appended to unknown-variable messages.
 */
export function checkTemplate(
  source: string,
  allowed: ReadonlySet<string>,
  context = '',
): string | undefined {
  let refs: TemplateRefs;
  try {
    refs = templateRefs(source);
  } catch (err) {
    // Handlebars: "Parse error on line 1:\n<source>\n----^\nExpecting 'CLOSE', got 'INVALID'" → first + last line.
    const lines = (err instanceof Error ? err.message : String(err))
      .split('\n')
      .filter((l) => l.trim() !== '');
    const first = lines[0] ?? '';
    const last = lines.length > 1 ? ` ${lines[lines.length - 1]}` : '';
    return `invalid handlebars template: ${first}${last}`;
  }
  const partial = refs.partials[0];
  if (partial !== undefined) return `template partials are not supported ({{> ${partial}}})`;
  const helper = refs.helpers.find((h) => !BUILTIN_HELPERS.has(h));
  if (helper !== undefined) {
    return `unknown template helper "${helper}" (available: ${[...BUILTIN_HELPERS].join(', ')})`;
  }
  const unknown = refs.variables.find((v) => !allowed.has(v));
  if (unknown === undefined) return undefined;
  const available = [...allowed].join(', ');
  return `unknown template variable "${unknown}"${context ? ` (${context})` : ''}; available: ${available}`;
}
