/**
 * Knowledge base results → evalgate's `RetrievedChunk` / `Citation`: the text, score, source location and
 * metadata of each chunk, and the document id relevance labels name.
 *
 * Document id rule: the metadata field `docId.metadataKey` when set; else the source uri (S3 `uri`, or a web /
 * Confluence / SharePoint / Salesforce `url`, or a custom document id) with `docId.uriPrefix` removed (default:
 * the scheme and bucket or host, e.g. `s3://bucket/`) and the file extension dropped. So
 * `s3://acme-help/billing/refund-policy.md` names the document `billing/refund-policy`.
 */
import type {
  Citation as KbCitation,
  KnowledgeBaseRetrievalResult,
  RetrievalResultLocation,
  RetrievedReference,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { Citation, RetrievedChunk } from '../../core/types.ts';
import type { KnowledgeBaseSpec } from '../types.ts';

type DocIdRule = KnowledgeBaseSpec['docId'];

/** The source uri of a result: its location, else the `x-amz-bedrock-kb-source-uri` metadata field. */
export function sourceUri(
  location: RetrievalResultLocation | undefined,
  metadata: Record<string, unknown> | undefined,
): string | undefined {
  const l = location;
  const fromLocation =
    l?.s3Location?.uri ??
    l?.webLocation?.url ??
    l?.confluenceLocation?.url ??
    l?.sharePointLocation?.url ??
    l?.salesforceLocation?.url ??
    l?.customDocumentLocation?.id ??
    l?.kendraDocumentLocation?.uri;
  const fromMeta = metadata?.['x-amz-bedrock-kb-source-uri'];
  return fromLocation ?? (typeof fromMeta === 'string' ? fromMeta : undefined);
}

/** The document id of a result under `rule` (see the header). */
export function documentId(
  uri: string | undefined,
  metadata: Record<string, unknown> | undefined,
  rule: DocIdRule,
): string {
  if (rule?.metadataKey) {
    const v = metadata?.[rule.metadataKey];
    if (v !== undefined && v !== null) return String(v);
  }
  if (!uri) return '(unknown)';
  let rest: string;
  if (rule?.uriPrefix !== undefined) {
    rest = uri.startsWith(rule.uriPrefix) ? uri.slice(rule.uriPrefix.length) : uri;
  } else {
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]+\/(.*)$/i.exec(uri);
    rest = m?.[1] ?? uri;
  }
  return rest.replace(/\.[A-Za-z0-9]{1,8}$/, '');
}

/** One retrieval result (or a citation's reference) as a `RetrievedChunk`. */
export function toChunk(
  r: KnowledgeBaseRetrievalResult | RetrievedReference,
  rule: DocIdRule,
): RetrievedChunk {
  const metadata = (r.metadata ?? undefined) as Record<string, unknown> | undefined;
  const uri = sourceUri(r.location, metadata);
  const chunk: RetrievedChunk = {
    docId: documentId(uri, metadata, rule),
    text: r.content?.text ?? '',
  };
  if ('score' in r && typeof r.score === 'number') chunk.score = r.score;
  if (uri) chunk.location = uri;
  if (metadata && Object.keys(metadata).length > 0) chunk.metadata = metadata;
  return chunk;
}

/** RetrieveAndGenerate citations as evalgate citations. */
export function toCitations(citations: readonly KbCitation[] | undefined, rule: DocIdRule): Citation[] {
  return (citations ?? []).map((c) => {
    const part = c.generatedResponsePart?.textResponsePart;
    const span = part?.span;
    const out: Citation = {
      text: part?.text ?? '',
      references: (c.retrievedReferences ?? []).map((r) => toChunk(r, rule)),
    };
    if (span?.start !== undefined && span.end !== undefined) out.span = { start: span.start, end: span.end };
    return out;
  });
}

/**
 * The retrieved list of a RetrieveAndGenerate answer: every distinct reference of its citations, in order of first
 * citation (the API returns no separate ranked list; unscored).
 */
export function referencesOf(citations: readonly Citation[]): RetrievedChunk[] {
  const seen = new Set<string>();
  const out: RetrievedChunk[] = [];
  for (const c of citations) {
    for (const r of c.references) {
      const key = `${r.docId}\u0000${r.text}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
  }
  return out;
}
