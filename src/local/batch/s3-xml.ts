/** S3's XML bodies (restXml): errors and ListObjectsV2 results, the way the S3 client parses them. */
import { randomUUID } from 'node:crypto';
import type { Res } from '../http-util.ts';
import type { ObjectSummary } from './object-store.ts';

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function _el(name: string, value: string | number | boolean): string {
  return `<${name}>${xmlEscape(String(value))}</${name}>`;
}

export function sendXml(res: Res, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': String(body.length),
    'x-amz-request-id': randomUUID(),
    ...headers,
  });
  res.end(body);
}

/** An S3 error: `<Error><Code>…` (the client raises the class named by Code, e.g. NoSuchKey). */
export function sendS3Error(
  res: Res,
  status: number,
  code: string,
  message: string,
  resource?: string,
): void {
  const extra = resource ? _el('Resource', resource) : '';
  sendXml(res, status, `<Error>${_el('Code', code)}${_el('Message', message)}${extra}</Error>`);
}

export interface ListV2Page {
  bucket: string;
  prefix: string;
  delimiter?: string;
  maxKeys: number;
  startAfter?: string;
  continuationToken?: string;
  nextContinuationToken?: string;
  truncated: boolean;
  objects: ObjectSummary[];
  commonPrefixes: string[];
}

export function listV2Xml(p: ListV2Page): string {
  const contents = p.objects
    .map(
      (o) =>
        `<Contents>${_el('Key', o.key)}${_el('LastModified', o.lastModified.toISOString())}` +
        `${_el('ETag', o.etag)}${_el('Size', o.size)}${_el('StorageClass', 'STANDARD')}</Contents>`,
    )
    .join('');
  const prefixes = p.commonPrefixes
    .map((cp) => `<CommonPrefixes>${_el('Prefix', cp)}</CommonPrefixes>`)
    .join('');
  return (
    `<ListBucketResult xmlns="${NS}">${_el('Name', p.bucket)}${_el('Prefix', p.prefix)}` +
    `${p.delimiter ? _el('Delimiter', p.delimiter) : ''}${_el('MaxKeys', p.maxKeys)}` +
    `${_el('KeyCount', p.objects.length + p.commonPrefixes.length)}${_el('IsTruncated', p.truncated)}` +
    `${p.startAfter ? _el('StartAfter', p.startAfter) : ''}` +
    `${p.continuationToken ? _el('ContinuationToken', p.continuationToken) : ''}` +
    `${p.nextContinuationToken ? _el('NextContinuationToken', p.nextContinuationToken) : ''}` +
    `${contents}${prefixes}</ListBucketResult>`
  );
}
