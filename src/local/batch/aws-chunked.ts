/**
 * `Content-Encoding: aws-chunked` request bodies: what the S3 client sends for a streamed upload (with
 * `x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER` and the checksum in a trailer), or signed chunks
 * (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, `<hex size>;chunk-signature=…`). Chunk signatures are not checked.
 *
 *   <hex size>[;chunk-signature=…]\r\n<bytes>\r\n … 0\r\n<trailer name>:<value>\r\n\r\n
 */

export interface DecodedChunks {
  payload: Buffer;
  /** Trailer headers, lower-cased names (e.g. `x-amz-checksum-crc32`). */
  trailers: Record<string, string>;
}

export function decodeAwsChunked(body: Buffer): DecodedChunks {
  const parts: Buffer[] = [];
  let at = 0;
  const line = (): string => {
    const end = body.indexOf('\r\n', at);
    if (end < 0) throw new Error(`aws-chunked body: missing CRLF after byte ${at}`);
    const text = body.subarray(at, end).toString('latin1');
    at = end + 2;
    return text;
  };
  for (;;) {
    const header = line();
    const size = Number.parseInt(header.split(';')[0] ?? '', 16);
    if (!Number.isFinite(size) || size < 0) throw new Error(`aws-chunked body: bad chunk size "${header}"`);
    if (size === 0) break;
    if (at + size > body.length) throw new Error('aws-chunked body: chunk longer than the body');
    parts.push(body.subarray(at, at + size));
    at += size;
    if (body.subarray(at, at + 2).toString('latin1') !== '\r\n')
      throw new Error('aws-chunked body: chunk not followed by CRLF');
    at += 2;
  }
  const trailers: Record<string, string> = {};
  while (at < body.length) {
    const text = line();
    if (text === '') break;
    const colon = text.indexOf(':');
    if (colon > 0) trailers[text.slice(0, colon).trim().toLowerCase()] = text.slice(colon + 1).trim();
  }
  return { payload: Buffer.concat(parts), trailers };
}
