import { describe, expect, it } from 'vitest';
import { cacheKey } from './key.ts';

const parts = {
  backend: 'local',
  kind: 'bedrock-converse#arn:aws:bedrock:us-east-1:111122223333:prompt/SUPPORT001:3|',
  modelId: 'amazon.nova-lite-v1:0',
  region: 'us-east-1',
  repeat: 0,
};

describe('cache key of a managed prompt request', () => {
  it('the variables name the entry (the prompt text is not in the request)', () => {
    const a = cacheKey({
      ...parts,
      request: { prompt: 'question: A?', promptVariables: { question: 'A?' } },
    });
    const b = cacheKey({
      ...parts,
      request: { prompt: 'question: A?', promptVariables: { question: 'B?' } },
    });
    expect(a).not.toBe(b);
  });

  it("another prompt version's ARN (in the kind) names another entry", () => {
    const request = { prompt: 'question: A?', promptVariables: { question: 'A?' } };
    const v3 = cacheKey({ ...parts, request });
    const v4 = cacheKey({ ...parts, kind: parts.kind.replace(':3|', ':4|'), request });
    expect(v3).not.toBe(v4);
  });

  it('a request without promptVariables keeps the key it had before (recipe unchanged)', () => {
    const request = { prompt: 'Q', system: 'S' };
    expect(cacheKey({ ...parts, kind: 'bedrock-converse', request })).toBe(
      cacheKey({ ...parts, kind: 'bedrock-converse', request: { ...request, promptVariables: undefined } }),
    );
  });
});
