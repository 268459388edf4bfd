/** `evalgate local`: start the backend, print where it is and what it serves, run until SIGINT/SIGTERM. */
import type { FaultConfig } from './faults.ts';
import { LOCAL_MODELS } from './models/index.ts';
import { startLocalBackend } from './server.ts';
import type { LocalModelInfo } from './types.ts';

export interface RunLocalServerOptions {
  port?: number;
  faults?: FaultConfig;
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

/** Start the local backend and keep it running until SIGINT/SIGTERM (or `stop` aborts). */
export async function runLocalServer(opts: RunLocalServerOptions = {}): Promise<void> {
  const print = opts.print ?? ((line: string) => console.log(line));
  const backend = await startLocalBackend({ port: opts.port ?? 0, faults: opts.faults ?? {} });
  print(`evalgate local backend listening on ${backend.url} (HTTP/1.1 and HTTP/2)`);
  print(
    `use it with: new BedrockRuntimeClient({ endpoint: '${backend.url}', region: 'us-east-1', credentials })`,
  );
  print('');
  print(formatModelTable());
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
