import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalBackend, startLocalBackend } from '../local/index.ts';
import { planHttpLoad } from './http-requests.ts';
import { addressOf, preflightHttp } from './preflight.ts';
import { loadProfile } from './profile.ts';

let backend: LocalBackend;
let dir = '';

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function profileFile(name: string, url: string, extra = ''): Promise<string> {
  const file = join(dir, `${name}.yaml`);
  const text =
    `name: ${name}\ntarget:\n  http:\n    url: '${url}'\n    method: POST\n` +
    `    body: '{"question": {{json question}}}'\n    dataset: q.csv\n${extra}` +
    'shape:\n  closed: { concurrency: [2], stepSeconds: 1 }\nbounds: { maxRequests: 10, maxSeconds: 1 }\n';
  await writeFile(file, text);
  return file;
}

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'evalgate-preflight-'));
  await writeFile(
    join(dir, 'q.csv'),
    'question\n"How much is the Personal plan, ""monthly""?"\nWhat is the refund policy?\n',
  );
});
afterAll(async () => {
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

describe('preflight', () => {
  it('addressOf: host and port, default ports', () => {
    expect(addressOf('http://127.0.0.1:4010/chat')).toEqual({ host: '127.0.0.1', port: 4010 });
    expect(addressOf('https://api.example.com/prod/chat')).toEqual({ host: 'api.example.com', port: 443 });
    expect(addressOf('http://[::1]/x')).toEqual({ host: '::1', port: 80 });
  });

  it('an unreachable port is rejected with one line naming the profile and address, before any traffic', async () => {
    backend.resetStats();
    const port = await closedPort();
    const file = await profileFile('down', `http://127.0.0.1:${port}/chat`);
    const loaded = await loadProfile(file);
    const err = await planHttpLoad(loaded, { localBaseUrl: backend.url }).catch((e: Error) => e);
    expect((err as Error).message).toBe(
      `${loaded.displayPath}: cannot connect to 127.0.0.1:${port} (ECONNREFUSED); no traffic was sent`,
    );
    expect((err as Error).message).not.toContain('\n');
    expect(backend.stats().requests).toBe(0);
  });

  it('a reachable target passes with a bare TCP connect: the application sees no request', async () => {
    backend.resetStats();
    await preflightHttp(`${backend.url}/chat`, 'p.yaml');
    const loaded = await loadProfile(await profileFile('up', 'local:/chat'));
    const plan = await planHttpLoad(loaded, { localBaseUrl: backend.url });
    expect(plan.url).toBe(`${backend.url}/chat`);
    expect(plan.bodies).toEqual([
      '{"question": "How much is the Personal plan, \\"monthly\\"?"}',
      '{"question": "What is the refund policy?"}',
    ]);
    expect(backend.stats().requests).toBe(0);
  });

  it('a body template naming a missing column fails before any traffic', async () => {
    backend.resetStats();
    const file = await profileFile('badvar', 'local:/chat');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('{{json question}}', '{{json prompt}}'));
    const loaded = await loadProfile(file);
    await expect(planHttpLoad(loaded, { localBaseUrl: backend.url })).rejects.toThrow(
      `${loaded.displayPath}: target.http.body uses "prompt", but the dataset has question`,
    );
    expect(backend.stats().requests).toBe(0);
  });
});
