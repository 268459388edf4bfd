import { describe, expect, it } from 'vitest';
import { markCached } from './cached-target.ts';
import { type CacheKeyParts, cacheKey, canonicalJson } from './key.ts';

const base: CacheKeyParts = {
  backend: 'local',
  kind: 'bedrock-converse',
  modelId: 'amazon.nova-micro-v1:0',
  region: 'us-east-1',
  repeat: 0,
  request: { prompt: 'Q: 1+1?', system: 'Be brief.', inferenceConfig: { temperature: 0, maxTokens: 50 } },
};

describe('cacheKey', () => {
  it('is the sha256 of the canonical JSON (keys sorted, undefined dropped)', () => {
    // digests computed independently (python hashlib) from the canonical text
    expect(cacheKey(base)).toBe('354edafbde7bdeecad2ecbbd2154ed242789655a33b4dc3019b7c3b75dcc0e88');
    expect(cacheKey({ ...base, request: { prompt: 'Q: 1+1?', system: undefined } })).toBe(
      'c2a434b31ef548941a7a154fc2b7d0f07556a586cf3abcdcc8d33d0766ff88b8',
    );
  });

  it('does not depend on key order of the inference config', () => {
    const reordered = {
      ...base,
      request: { ...base.request, inferenceConfig: { maxTokens: 50, temperature: 0 } },
    };
    expect(cacheKey(reordered)).toBe(cacheKey(base));
  });

  it('changes with every part: repeat, model, API kind, region, backend, prompt, system, inference', () => {
    const variants: CacheKeyParts[] = [
      { ...base, repeat: 1 },
      { ...base, repeat: 2 },
      { ...base, modelId: 'amazon.nova-lite-v1:0' },
      { ...base, kind: 'bedrock-converse-stream' },
      { ...base, region: 'eu-west-1' },
      { ...base, backend: 'aws' },
      { ...base, request: { ...base.request, prompt: 'Q: 1+2?' } },
      { ...base, request: { ...base.request, system: 'Be verbose.' } },
      { ...base, request: { ...base.request, inferenceConfig: { temperature: 0.5, maxTokens: 50 } } },
    ];
    const keys = new Set([cacheKey(base), ...variants.map(cacheKey)]);
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null }, e: undefined })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe('markCached', () => {
  it('keeps text, usage and timing and marks raw', () => {
    const response = { text: 'hi', timing: { latencyMs: 12 }, raw: { stopReason: 'end_turn' } };
    expect(markCached(response, 'run-a')).toEqual({
      text: 'hi',
      timing: { latencyMs: 12 },
      raw: { stopReason: 'end_turn', cached: true, cachedFromRun: 'run-a' },
    });
    expect(markCached({ timing: { latencyMs: 1 }, raw: 'x' }, null).raw).toEqual({ cached: true, raw: 'x' });
  });
});
