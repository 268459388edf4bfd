import { describe, expect, it } from 'vitest';
import { formatModelTable, parseKbArgs, runLocalServer } from './cli.ts';

describe('runLocalServer', () => {
  it('prints the URL and the model table, serves until stopped, then reports the request count', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const running = runLocalServer({
      faults: { latencyScale: 0 },
      print: (l) => lines.push(l),
      stop: stop.signal,
    });
    await expect.poll(() => lines.length).toBeGreaterThan(3);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(lines[0] ?? '')?.[1];
    expect(url).toBeDefined();
    const health = await fetch(`${url}/_evalgate/health`);
    expect(await health.json()).toEqual({ ok: true });
    expect(lines.join('\n')).toContain(formatModelTable());
    expect(lines.join('\n')).toContain('faults: {"latencyScale":0}');
    stop.abort();
    await running;
    expect(lines.at(-1)).toBe('stopped after 0 requests (0 ok, 0 throttled)');
    await expect(fetch(`${url}/_evalgate/health`)).rejects.toThrow();
  });

  it('formats the catalogue as an aligned table', () => {
    const table = formatModelTable().split('\n');
    expect(table[0]).toMatch(/^model id\s+name\s+\$\/1k in\s+\$\/1k out\s+latency \(ms\)$/);
    expect(table[2]).toMatch(
      /^amazon\.nova-micro-v1:0\s+Nova Micro .*\s+0\.000035\s+0\.00014\s+40 \+ 0\.005\/in tok \+ 1\/out tok$/,
    );
    expect(table).toHaveLength(5);
  });
});

describe('--kb ID=DIR', () => {
  it('parses repeated values and rejects malformed ones', () => {
    expect(parseKbArgs(['A=docs/a', 'B = docs/b=x'])).toEqual({
      A: { corpusDir: 'docs/a' },
      B: { corpusDir: 'docs/b=x' },
    });
    expect(() => parseKbArgs(['docs/a'])).toThrow('--kb "docs/a": expected ID=DIR');
    expect(() => parseKbArgs(['A=x', 'A=y'])).toThrow('--kb A is given twice');
  });

  it('serves and lists the knowledge bases', async () => {
    const lines: string[] = [];
    const stop = new AbortController();
    const corpusDir = new URL('../../test/fixtures/kb-mini', import.meta.url).pathname;
    const running = runLocalServer({
      faults: { latencyScale: 0 },
      knowledgeBases: { MINI: { corpusDir } },
      print: (l) => lines.push(l),
      stop: stop.signal,
    });
    await expect.poll(() => lines.join('\n')).toContain('knowledge bases');
    expect(lines.join('\n')).toContain(`  MINI  6 documents, 6 chunks (fixed)  ${corpusDir}`);
    stop.abort();
    await running;
  });
});
