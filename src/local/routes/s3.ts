/**
 * The few S3 object calls batch inference needs, path-style under `/s3` (the S3 client's endpoint is
 * `<backend url>/s3` with `forcePathStyle: true`): PutObject, GetObject, HeadObject, DeleteObject,
 * ListObjectsV2, CreateBucket, HeadBucket. Objects live in memory (batch/object-store.ts); buckets are created
 * on first write. PutObject accepts what the S3 client really sends: a plain body with an
 * `x-amz-checksum-crc32` header, or an `aws-chunked` body with the checksum in a trailer; the CRC-32 (and SHA-1,
 * SHA-256, Content-MD5) is checked (BadDigest when it differs). GetObject returns the CRC-32 when the client asks
 * (`x-amz-checksum-mode: ENABLED`), so the client validates what it reads. See BATCH.md.
 */
import { createHash } from 'node:crypto';
import { decodeAwsChunked } from '../batch/aws-chunked.ts';
import { crc32Base64 } from '../batch/crc32.ts';
import type { StoredObject } from '../batch/object-store.ts';
import { listV2Xml, sendS3Error, sendXml } from '../batch/s3-xml.ts';
import { readBody } from '../http-util.ts';
import type { Route, RouteContext } from '../router.ts';

function _query(ctx: RouteContext): URLSearchParams {
  const url = ctx.req.url ?? '/';
  const q = url.indexOf('?');
  return new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
}

function _header(ctx: RouteContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The request's payload and checksum headers (decoding an aws-chunked body and merging its trailers). */
async function _payload(ctx: RouteContext): Promise<{ body: Buffer; checks: Record<string, string> }> {
  const raw = await readBody(ctx.req, 512 * 1024 * 1024);
  const checks: Record<string, string> = {};
  for (const name of [
    'x-amz-checksum-crc32',
    'x-amz-checksum-sha1',
    'x-amz-checksum-sha256',
    'content-md5',
  ]) {
    const v = _header(ctx, name);
    if (v) checks[name] = v;
  }
  const chunked =
    (_header(ctx, 'content-encoding') ?? '').includes('aws-chunked') ||
    (_header(ctx, 'x-amz-content-sha256') ?? '').startsWith('STREAMING-');
  if (!chunked) return { body: raw, checks };
  const decoded = decodeAwsChunked(raw);
  return { body: decoded.payload, checks: { ...checks, ...decoded.trailers } };
}

/** The name of the first checksum that does not match the body; undefined when all match (or none given). */
function _badChecksum(body: Buffer, checks: Record<string, string>): string | undefined {
  const computed: Record<string, () => string> = {
    'x-amz-checksum-crc32': () => crc32Base64(body),
    'x-amz-checksum-sha1': () => createHash('sha1').update(body).digest('base64'),
    'x-amz-checksum-sha256': () => createHash('sha256').update(body).digest('base64'),
    'content-md5': () => createHash('md5').update(body).digest('base64'),
  };
  for (const [name, given] of Object.entries(checks)) {
    const compute = computed[name];
    if (compute && compute() !== given) return name;
  }
  return undefined;
}

async function _putObject(ctx: RouteContext): Promise<void> {
  const { bucket = '', key = '' } = ctx.params;
  if (_header(ctx, 'x-amz-copy-source'))
    return sendS3Error(
      ctx.res,
      501,
      'NotImplemented',
      'CopyObject is not served by the evalgate local backend',
    );
  let payload: Awaited<ReturnType<typeof _payload>>;
  try {
    payload = await _payload(ctx);
  } catch (err) {
    return sendS3Error(ctx.res, 400, 'InvalidRequest', (err as Error).message);
  }
  const bad = _badChecksum(payload.body, payload.checks);
  if (bad) {
    const what = bad === 'content-md5' ? 'Content-MD5' : bad.replace('x-amz-checksum-', '').toUpperCase();
    return sendS3Error(
      ctx.res,
      400,
      'BadDigest',
      `The ${what} you specified did not match the calculated checksum.`,
    );
  }
  const stored = ctx.state.objects.put(bucket, key, payload.body, _header(ctx, 'content-type'));
  const echo = payload.checks['x-amz-checksum-crc32'] ? { 'x-amz-checksum-crc32': stored.crc32 } : {};
  ctx.res.writeHead(200, { etag: stored.etag, 'content-length': '0', ...echo });
  ctx.res.end();
}

function _objectHeaders(ctx: RouteContext, o: StoredObject): Record<string, string> {
  const checksum: Record<string, string> =
    _header(ctx, 'x-amz-checksum-mode') === 'ENABLED'
      ? { 'x-amz-checksum-crc32': o.crc32, 'x-amz-checksum-type': 'FULL_OBJECT' }
      : {};
  return {
    'content-type': o.contentType,
    'content-length': String(o.body.length),
    etag: o.etag,
    'last-modified': o.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    ...checksum,
  };
}

function _found(ctx: RouteContext, head: boolean): StoredObject | undefined {
  const { bucket = '', key = '' } = ctx.params;
  const o = ctx.state.objects.get(bucket, key);
  if (o) return o;
  if (head) {
    ctx.res.writeHead(404, { 'content-length': '0' });
    ctx.res.end();
  } else sendS3Error(ctx.res, 404, 'NoSuchKey', 'The specified key does not exist.', `/${bucket}/${key}`);
  return undefined;
}

async function _getObject(ctx: RouteContext, head: boolean): Promise<void> {
  ctx.req.resume();
  const o = _found(ctx, head);
  if (!o) return;
  ctx.res.writeHead(200, _objectHeaders(ctx, o));
  if (head) ctx.res.end();
  else ctx.res.end(o.body);
}

async function _listObjectsV2(ctx: RouteContext): Promise<void> {
  ctx.req.resume();
  const bucket = ctx.params.bucket ?? '';
  const q = _query(ctx);
  if (q.get('list-type') !== '2') {
    return sendS3Error(ctx.res, 501, 'NotImplemented', 'Only ListObjectsV2 (list-type=2) is served locally');
  }
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? undefined;
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000) || 0));
  const token = q.get('continuation-token') ?? undefined;
  const startAfter = q.get('start-after') ?? undefined;
  const after = token ? Buffer.from(token, 'base64url').toString('utf8') : (startAfter ?? '');
  const page = ctx.state.objects.list(bucket, prefix, after, delimiter ? Number.MAX_SAFE_INTEGER : maxKeys);
  let objects = page.objects;
  const commonPrefixes: string[] = [];
  if (delimiter) {
    objects = [];
    for (const o of page.objects) {
      const cut = o.key.indexOf(delimiter, prefix.length);
      const cp = cut >= 0 ? o.key.slice(0, cut + delimiter.length) : undefined;
      if (cp === undefined) objects.push(o);
      else if (!commonPrefixes.includes(cp)) commonPrefixes.push(cp);
    }
  }
  const truncated = page.truncated;
  const last = objects.at(-1)?.key;
  const xml = listV2Xml({
    bucket,
    prefix,
    delimiter,
    maxKeys,
    startAfter,
    continuationToken: token,
    nextContinuationToken: truncated && last ? Buffer.from(last).toString('base64url') : undefined,
    truncated,
    objects,
    commonPrefixes,
  });
  sendXml(ctx.res, 200, xml);
}

async function _bucketOk(ctx: RouteContext, create: boolean): Promise<void> {
  ctx.req.resume();
  if (create) ctx.state.objects.createBucket(ctx.params.bucket ?? '');
  ctx.res.writeHead(200, { 'content-length': '0', ...(create ? { location: `/${ctx.params.bucket}` } : {}) });
  ctx.res.end();
}

export const s3Routes: Route[] = [
  { method: 'GET', path: '/s3/{bucket}', handle: _listObjectsV2 },
  { method: 'PUT', path: '/s3/{bucket}', handle: (c) => _bucketOk(c, true) },
  { method: 'HEAD', path: '/s3/{bucket}', handle: (c) => _bucketOk(c, false) },
  { method: 'PUT', path: '/s3/{bucket}/{key+}', handle: _putObject },
  { method: 'GET', path: '/s3/{bucket}/{key+}', handle: (c) => _getObject(c, false) },
  { method: 'HEAD', path: '/s3/{bucket}/{key+}', handle: (c) => _getObject(c, true) },
  {
    method: 'DELETE',
    path: '/s3/{bucket}/{key+}',
    async handle(ctx) {
      ctx.req.resume();
      ctx.state.objects.delete(ctx.params.bucket ?? '', ctx.params.key ?? '');
      ctx.res.writeHead(204);
      ctx.res.end();
    },
  },
];
