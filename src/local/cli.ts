/** `evalgate local`: start the backend, print where it is and what it serves, run until SIGINT/SIGTERM. */
import type { FaultConfig } from './faults.ts';
import type { KnowledgeBaseConfig } from './kb/config.ts';
import { LOCAL_EMBEDDING_MODELS } from './models/embeddings.ts';
import { LOCAL_MODELS } from './models/index.ts';
import { LOCAL_RERANK_MODELS } from './models/rerank.ts';
import { startLocalBackend } from './server.ts';
import type { EndpointSummary, KnowledgeBaseSummary, LocalModelInfo } from './types.ts';

export interface RunLocalServerOptions {
  port?: number;
  faults?: FaultConfig;
  /** Knowledge bases to serve (bedrock-agent-runtime Retrieve / RetrieveAndGenerate). */
  knowledgeBases?: Record<string, KnowledgeBaseConfig>;
  /** SageMaker endpoint definition files to serve (sagemaker-runtime InvokeEndpoint); see ENDPOINTS.md. */
  endpoints?: string[];
  /** Guardrail definition files to serve (ApplyGuardrail, Converse guardrailConfig); see GUARDRAILS.md. */
  guardrails?: string[];
  /** Where lines go (default: console.log). */
  print?: (line: string) => void;
  /** Stop without a signal (tests, embedding). */
  stop?: AbortSignal;
}

function _pad(cells: string[], widths: number[]): string {
  return cells
    .map((c, i) => c.padEnd(widths[i] ?? 0))
    .join('  ')
    .trimEnd();
}

/** The model catalogue as a fixed-width text table. */
export function formatModelTable(models: LocalModelInfo[] = LOCAL_MODELS): string {
  const head = ['model id', 'name', '$/1k in', '$/1k out', 'latency (ms)'];
  const rows = models.map((m) => [
    m.id,
    m.displayName,
    String(m.inputPer1k),
    String(m.outputPer1k),
    `${m.latency.baseMs} + ${m.latency.perInputTokenMs}/in tok + ${m.latency.perOutputTokenMs}/out tok`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [
    _pad(head, widths),
    _pad(
      widths.map((w) => '-'.repeat(w)),
      widths,
    ),
    ...rows.map((r) => _pad(r, widths)),
  ].join('\n');
}

/**
 * `--kb ID=DIR` values → knowledge-base registrations (default chunking). Throws a one-line Error for a value
 * without `=`, an empty side, or an id given twice.
 */
export function parseKbArgs(values: readonly string[]): Record<string, KnowledgeBaseConfig> {
  const out: Record<string, KnowledgeBaseConfig> = {};
  for (const v of values) {
    const at = v.indexOf('=');
    const id = at > 0 ? v.slice(0, at).trim() : '';
    const dir = at > 0 ? v.slice(at + 1).trim() : '';
    if (!id || !dir)
      throw new Error(`--kb ${JSON.stringify(v)}: expected ID=DIR, e.g. --kb SUPPORT=datasets/rag/corpus`);
    if (out[id]) throw new Error(`--kb ${id} is given twice`);
    out[id] = { corpusDir: dir };
  }
  return out;
}

function _kbLine(k: KnowledgeBaseSummary): string {
  return `  ${k.id}  ${k.documents} documents, ${k.chunks} chunks (${k.chunking.strategy})  ${k.corpusDir}`;
}

function _endpointLine(e: EndpointSummary): string {
  const variants = e.variants.map(
    (v) => `${v.name} (${v.weight}, ${v.instanceCount}× ${v.instanceType}, ${v.model})`,
  );
  const ics = e.inferenceComponents.length ? `; components: ${e.inferenceComponents.join(', ')}` : '';
  return `  ${e.name}  variants: ${variants.join(', ')}${ics}`;
}

/** Start the local backend and keep it running until SIGINT/SIGTERM (or `stop` aborts). */
export async function runLocalServer(opts: RunLocalServerOptions = {}): Promise<void> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const backend = await startLocalBackend({
    port: opts.port ?? 0,
    faults: opts.faults ?? {},
    knowledgeBases: opts.knowledgeBases ?? {},
    endpoints: opts.endpoints ?? [],
    guardrails: opts.guardrails ?? [],
  });
  print(`evalgate local backend listening on ${backend.url} (HTTP/1.1 and HTTP/2)`);
  print(
    `use it with: new BedrockRuntimeClient({ endpoint: '${backend.url}', region: 'us-east-1', credentials })`,
  );
  print('');
  print(formatModelTable());
  print(`\nembedding models (InvokeModel): ${LOCAL_EMBEDDING_MODELS.map((m) => m.id).join(', ')}`);
  print(`rerank models (Rerank, Retrieve reranking): ${LOCAL_RERANK_MODELS.map((m) => m.id).join(', ')}`);
  const kbs = backend.knowledgeBases();
  if (kbs.length > 0)
    print(
      `\nknowledge bases (POST ${backend.url}/knowledgebases/{id}/retrieve):\n${kbs.map(_kbLine).join('\n')}`,
    );
  const grs = backend.guardrails();
  if (grs.length > 0)
    print(
      `\nguardrails (POST ${backend.url}/guardrail/{id}/version/{version}/apply):\n${grs
        .map((g) => `  ${g.guardrailId}  versions ${g.versions.join(', ')}  ${g.origin}`)
        .join('\n')}`,
    );
  const eps = backend.endpoints();
  if (eps.length > 0)
    print(
      `\nSageMaker endpoints (POST ${backend.url}/endpoints/{name}/invocations):\n${eps.map(_endpointLine).join('\n')}`,
    );
  if (opts.faults && Object.keys(opts.faults).length > 0) print(`\nfaults: ${JSON.stringify(opts.faults)}`);
  print(
    `\nadmin: POST ${backend.url}/_evalgate/faults  GET ${backend.url}/_evalgate/stats  (Ctrl-C to stop)`,
  );
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      opts.stop?.removeEventListener('abort', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    if (opts.stop?.aborted) done();
    else opts.stop?.addEventListener('abort', done, { once: true });
  });
  const s = backend.stats();
  await backend.close();
  print(`stopped after ${s.requests} requests (${s.ok} ok, ${s.throttled} throttled)`);
}
