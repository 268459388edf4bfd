/** The local S3 routes through the real @aws-sdk/client-s3 (path-style at `<url>/s3`), checksums included. */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalBackend } from '../server.ts';
import type { LocalBackend } from '../types.ts';
import { decodeAwsChunked } from './aws-chunked.ts';
import { crc32Base64 } from './crc32.ts';

let backend: LocalBackend;
let s3: S3Client;

beforeAll(async () => {
  backend = await startLocalBackend({ faults: { latencyScale: 0 } });
  s3 = new S3Client({
    endpoint: `${backend.url}/s3`,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
  });
});

afterAll(async () => {
  s3.destroy();
  await backend.close();
});

describe('crc32 and aws-chunked', () => {
  it('computes the IEEE CRC-32 S3 uses (check value of "123456789" is 0xCBF43926)', () => {
    expect(Buffer.from(crc32Base64(Buffer.from('123456789')), 'base64').readUInt32BE()).toBe(0xcbf43926);
  });

  it('decodes unsigned and signed chunks and reads the trailer', () => {
    const unsigned = Buffer.from('4\r\nabc\n\r\n3\r\ndef\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n');
    expect(decodeAwsChunked(unsigned)).toEqual({
      payload: Buffer.from('abc\ndef'),
      trailers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
    });
    const signed = Buffer.from('2;chunk-signature=ab12\r\nhi\r\n0;chunk-signature=cd34\r\n\r\n');
    expect(decodeAwsChunked(signed)).toEqual({ payload: Buffer.from('hi'), trailers: {} });
    expect(() => decodeAwsChunked(Buffer.from('zz\r\n'))).toThrow(/bad chunk size/);
  });
});

describe('S3 objects through the real S3Client', () => {
  it('puts (CRC32 header), gets (checksum validated by the client) and heads an object', async () => {
    const body = '{"recordId":"A"}\n{"recordId":"B"}\n';
    const put = await s3.send(
      new PutObjectCommand({ Bucket: 'evalgate-batch', Key: 'a b/in.jsonl', Body: body }),
    );
    expect(put.ETag).toBe(`"${createHash('md5').update(body).digest('hex')}"`);
    expect(put.ChecksumCRC32).toBe(crc32Base64(Buffer.from(body)));
    const got = await s3.send(
      new GetObjectCommand({ Bucket: 'evalgate-batch', Key: 'a b/in.jsonl', ChecksumMode: 'ENABLED' }),
    );
    expect(await got.Body?.transformToString()).toBe(body);
    expect(got.ChecksumCRC32).toBe(crc32Base64(Buffer.from(body)));
    expect(got.ContentLength).toBe(Buffer.byteLength(body));
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'evalgate-batch', Key: 'a b/in.jsonl' }));
    expect(head.ContentLength).toBe(Buffer.byteLength(body));
    expect(head.ETag).toBe(put.ETag);
  });

  it('decodes a streamed upload (aws-chunked body with a CRC32 trailer)', async () => {
    const parts = ['line one\n', 'line two\n', 'ünïcode ✓\n'];
    const total = parts.reduce((n, p) => n + Buffer.byteLength(p), 0);
    await s3.send(
      new PutObjectCommand({
        Bucket: 'streamed',
        Key: 'x.jsonl',
        Body: Readable.from(parts.map((p) => Buffer.from(p))),
        ContentLength: total,
      }),
    );
    const got = await s3.send(new GetObjectCommand({ Bucket: 'streamed', Key: 'x.jsonl' }));
    expect(await got.Body?.transformToString()).toBe(parts.join(''));
  });

  it('answers BadDigest when the CRC32 does not match the body', async () => {
    const err = await s3
      .send(new PutObjectCommand({ Bucket: 'b1', Key: 'k', Body: 'hello', ChecksumCRC32: 'AAAAAA==' }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(S3ServiceException);
    expect((err as S3ServiceException).name).toBe('BadDigest');
    expect((err as S3ServiceException).$metadata.httpStatusCode).toBe(400);
  });

  it('lists keys under a prefix in key order, pages with continuation tokens and groups by delimiter', async () => {
    for (const key of ['run/t2/in.jsonl', 'run/t1/out/j/in.jsonl.out', 'run/t1/in.jsonl', 'other/x'])
      await s3.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));
    const all = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'run/' }));
    expect(all.Contents?.map((o) => [o.Key, o.Size])).toEqual([
      ['run/t1/in.jsonl', 15],
      ['run/t1/out/j/in.jsonl.out', 25],
      ['run/t2/in.jsonl', 15],
    ]);
    expect(all.KeyCount).toBe(3);
    const first = await s3.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'run/', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.Contents?.map((o) => o.Key)).toEqual(['run/t1/in.jsonl', 'run/t1/out/j/in.jsonl.out']);
    const second = await s3.send(
      new ListObjectsV2Command({
        Bucket: 'listing',
        Prefix: 'run/',
        ContinuationToken: first.NextContinuationToken,
      }),
    );
    expect(second.Contents?.map((o) => o.Key)).toEqual(['run/t2/in.jsonl']);
    expect(second.IsTruncated).toBe(false);
    const grouped = await s3.send(
      new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'run/', Delimiter: '/' }),
    );
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['run/t1/', 'run/t2/']);
    expect(grouped.Contents ?? []).toEqual([]);
    const empty = await s3.send(new ListObjectsV2Command({ Bucket: 'never-written' }));
    expect(empty.KeyCount).toBe(0);
  });

  it('raises NoSuchKey for a missing object, also after a delete', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'gone', Key: 'k', Body: 'x' }));
    await s3.send(new DeleteObjectCommand({ Bucket: 'gone', Key: 'k' }));
    const err = await s3.send(new GetObjectCommand({ Bucket: 'gone', Key: 'k' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoSuchKey);
  });
});
