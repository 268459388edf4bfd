import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvalgateError } from '../core/errors.ts';
import { loadProfile, parseProfile, resolveHttpUrl, shapeSeconds } from './profile.ts';

const FILE = 'loadtests/x.yaml';
const HTTP = "target:\n  http: { url: 'local:/chat', method: POST }\n";

async function problem(text: string): Promise<EvalgateError> {
  try {
    await parseProfile(text, FILE, '/nowhere');
  } catch (err) {
    if (err instanceof EvalgateError) return err;
    throw err;
  }
  throw new Error('expected the profile to be rejected');
}

describe('parseProfile: rejected profiles, one line with file:line:col', () => {
  it('rejects a profile without bounds', async () => {
    const err = await problem(`name: a\n${HTTP}shape:\n  closed: { concurrency: [1, 2], stepSeconds: 1 }\n`);
    expect(err.message).toBe(
      `${FILE}:1:1: bounds: missing required field (every load profile must set bounds: { maxRequests, maxSeconds })`,
    );
    expect(err.code).toBe('CONFIG_SCHEMA');
  });

  it('rejects bounds with only one of the two limits', async () => {
    const err = await problem(
      `name: a\n${HTTP}shape:\n  soak: { concurrency: 2, seconds: 3 }\nbounds: { maxRequests: 10 }\n`,
    );
    expect(err.message).toBe(`${FILE}:6:9: bounds.maxSeconds: missing required field (expected a number)`);
  });

  it('rejects unknown keys, pointing at the key', async () => {
    const text =
      "name: a\ntarget:\n  http: { url: 'local:/chat', followRedirects: true }\n" +
      'shape:\n  soak: { concurrency: 2, seconds: 3 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n';
    const err = await problem(text);
    expect(err.message).toBe(
      `${FILE}:3:31: target.http: unknown key "followRedirects" (allowed: url, method, headers, body, dataset, timeoutMs)`,
    );
    const top = await problem(
      `name: a\n${HTTP}shape:\n  soak: { concurrency: 2, seconds: 3 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\nwarmup: 3\n`,
    );
    expect(top.message).toMatch(/^loadtests\/x\.yaml:7:1: unknown key "warmup"/);
  });

  it('rejects a shape longer than bounds.maxSeconds (3 steps × 10 s = 30 s > 20 s)', async () => {
    const err = await problem(
      `name: a\n${HTTP}shape:\n  closed: { concurrency: [1, 2, 4], stepSeconds: 10 }\nbounds: { maxRequests: 10, maxSeconds: 20 }\n`,
    );
    expect(err.message).toBe(
      `${FILE}:6:40: bounds.maxSeconds: the shape runs 30 s in total, more than bounds.maxSeconds (20)`,
    );
  });

  it('rejects fewer requests than steps, two targets, two shapes, poisson over HTTP', async () => {
    const few = await problem(
      `name: a\n${HTTP}shape:\n  closed: { concurrency: [1, 2, 4], stepSeconds: 1 }\nbounds: { maxRequests: 2, maxSeconds: 20 }\n`,
    );
    expect(few.message).toBe(
      `${FILE}:6:24: bounds.maxRequests: expected at least one request per step (3 steps), got 2`,
    );
    const two = await problem(
      "name: a\ntarget:\n  http: { url: 'local:/chat' }\n  suiteTarget: { suite: s.yaml, target: t }\n" +
        'shape:\n  soak: { concurrency: 2, seconds: 3 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n',
    );
    expect(two.message).toBe(`${FILE}:3:3: target: expected exactly one of http, suiteTarget`);
    const shapes = await problem(
      `name: a\n${HTTP}shape:\n  soak: { concurrency: 2, seconds: 3 }\n  open: { rates: [1], stepSeconds: 1 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n`,
    );
    expect(shapes.message).toBe(`${FILE}:5:3: shape: expected exactly one of closed, open, soak`);
    const poisson = await problem(
      `name: a\n${HTTP}shape:\n  open: { rates: [5], stepSeconds: 1, arrival: poisson }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n`,
    );
    expect(poisson.message).toMatch(
      /^loadtests\/x\.yaml:5:48: shape\.open\.arrival: HTTP targets support constant/,
    );
  });

  it('rejects a bad URL and a step without a positive duration', async () => {
    const url = await problem(
      "name: a\ntarget:\n  http: { url: 'ftp://h/x' }\nshape:\n  soak: { concurrency: 2, seconds: 3 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n",
    );
    expect(url.message).toBe(`${FILE}:3:16: target.http.url: expected an http(s):// URL or local:/path`);
    const zero = await problem(
      `name: a\n${HTTP}shape:\n  soak: { concurrency: 2, seconds: 0 }\nbounds: { maxRequests: 10, maxSeconds: 5 }\n`,
    );
    expect(zero.message).toBe(`${FILE}:5:36: shape.soak.seconds: expected a number > 0, got 0`);
  });
});

describe('loadProfile', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-profile-'));
    await writeFile(join(dir, 'q.csv'), 'question\nHow much is Personal?\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('applies defaults and resolves the dataset next to the profile', async () => {
    const text =
      "name: chat-api\ntarget:\n  http:\n    url: 'local:/chat'\n    body: '{\"question\": {{json question}}}'\n" +
      '    dataset: q.csv\nshape:\n  open: { rates: [5, 10], stepSeconds: 2 }\nbounds: { maxRequests: 100, maxSeconds: 4 }\n' +
      'slo: { p99Ms: 2000 }\ngate:\n  - { metric: error_rate, max: 0.01 }\n';
    await writeFile(join(dir, 'p.yaml'), text);
    const loaded = await loadProfile(join(dir, 'p.yaml'));
    expect(loaded.profile.target.http).toEqual({
      url: 'local:/chat',
      method: 'GET',
      headers: {},
      body: '{"question": {{json question}}}',
      dataset: 'q.csv',
    });
    expect(loaded.profile.shape.open?.arrival).toBe('constant');
    expect(loaded.datasetFile).toBe(join(dir, 'q.csv'));
    expect(shapeSeconds(loaded.profile.shape)).toBe(4);
    expect(loaded.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names a missing dataset at its line', async () => {
    const text =
      "name: a\ntarget:\n  http: { url: 'local:/chat', dataset: nope.csv }\nshape:\n  soak: { concurrency: 1, seconds: 1 }\n" +
      'bounds: { maxRequests: 10, maxSeconds: 5 }\n';
    await writeFile(join(dir, 'bad.yaml'), text);
    await expect(loadProfile(join(dir, 'bad.yaml'))).rejects.toThrow(
      /bad\.yaml:3:40: target\.http\.dataset: dataset not found: .*nope\.csv$/,
    );
  });

  it('the example profile loads', async () => {
    const loaded = await loadProfile(new URL('../../loadtests/chat-api.yaml', import.meta.url).pathname);
    expect(loaded.profile.name).toBe('chat-api');
    expect(loaded.profile.target.http?.url).toBe('local:/chat');
  });
});

describe('resolveHttpUrl', () => {
  it('maps local:/path onto the running backend and keeps real URLs', () => {
    expect(resolveHttpUrl('local:/chat', 'http://127.0.0.1:4010/', 'p.yaml')).toBe(
      'http://127.0.0.1:4010/chat',
    );
    expect(resolveHttpUrl('http://127.0.0.1:9/x', undefined, 'p.yaml')).toBe('http://127.0.0.1:9/x');
    expect(() => resolveHttpUrl('local:/chat', undefined, 'p.yaml')).toThrow(
      'p.yaml: target.http.url local:/chat needs the local backend (--backend local)',
    );
  });
});
