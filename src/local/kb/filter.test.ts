import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../routes/bedrock-parse.ts';
import { matchesFilter, validateFilter } from './filter.ts';

const META = {
  category: 'billing',
  year: 2024,
  tags: ['refunds', 'payments'],
  title: 'Refund policy',
  draft: false,
};
const m = (f: Record<string, unknown>) => {
  validateFilter(f);
  return matchesFilter(f, META);
};

describe('RetrievalFilter', () => {
  it('equals / notEquals compare strictly, a missing key passes notEquals only', () => {
    expect(m({ equals: { key: 'category', value: 'billing' } })).toBe(true);
    expect(m({ equals: { key: 'year', value: '2024' } })).toBe(false);
    expect(m({ equals: { key: 'draft', value: false } })).toBe(true);
    expect(m({ notEquals: { key: 'category', value: 'billing' } })).toBe(false);
    expect(m({ notEquals: { key: 'missing', value: 'x' } })).toBe(true);
    expect(m({ equals: { key: 'missing', value: 'x' } })).toBe(false);
  });

  it('numeric comparisons need a number attribute', () => {
    expect(m({ greaterThan: { key: 'year', value: 2023 } })).toBe(true);
    expect(m({ greaterThan: { key: 'year', value: 2024 } })).toBe(false);
    expect(m({ greaterThanOrEquals: { key: 'year', value: 2024 } })).toBe(true);
    expect(m({ lessThan: { key: 'year', value: 2025 } })).toBe(true);
    expect(m({ lessThanOrEquals: { key: 'year', value: 2023 } })).toBe(false);
    expect(m({ lessThan: { key: 'category', value: 5 } })).toBe(false);
  });

  it('in / notIn, startsWith, listContains, stringContains', () => {
    expect(m({ in: { key: 'category', value: ['support', 'billing'] } })).toBe(true);
    expect(m({ notIn: { key: 'category', value: ['support', 'billing'] } })).toBe(false);
    expect(m({ notIn: { key: 'missing', value: ['x'] } })).toBe(true);
    expect(m({ startsWith: { key: 'title', value: 'Refund' } })).toBe(true);
    expect(m({ startsWith: { key: 'title', value: 'policy' } })).toBe(false);
    expect(m({ listContains: { key: 'tags', value: 'payments' } })).toBe(true);
    expect(m({ listContains: { key: 'tags', value: 'pay' } })).toBe(false);
    expect(m({ stringContains: { key: 'title', value: 'und pol' } })).toBe(true);
    expect(m({ stringContains: { key: 'tags', value: 'pay' } })).toBe(true);
  });

  it('andAll / orAll nest', () => {
    const yes = { equals: { key: 'category', value: 'billing' } };
    const no = { equals: { key: 'category', value: 'storage' } };
    expect(m({ andAll: [yes, yes] })).toBe(true);
    expect(m({ andAll: [yes, no] })).toBe(false);
    expect(m({ orAll: [no, { andAll: [yes, yes] }] })).toBe(true);
  });

  it('rejects malformed filters naming the place', () => {
    const bad = (f: unknown) => () => validateFilter(f);
    expect(bad({})).toThrow(RequestValidationError);
    expect(bad({ equals: { key: 'a', value: 1 }, in: { key: 'a', value: [1] } })).toThrow(
      'exactly one operator',
    );
    expect(bad({ like: { key: 'a', value: 1 } })).toThrow('filter: unknown operator like');
    expect(bad({ andAll: [{ equals: { key: 'a', value: 1 } }] })).toThrow(
      'filter.andAll: must be a list of at least 2',
    );
    expect(
      bad({ orAll: [{ equals: { key: 'a', value: 1 } }, { greaterThan: { key: 'a', value: 'x' } }] }),
    ).toThrow('filter.orAll.1.greaterThan.value: must be a number');
    expect(bad({ in: { key: 'a', value: 'x' } })).toThrow('must be a list');
    expect(bad({ equals: { value: 1 } })).toThrow('must be {key: string, value}');
  });
});
