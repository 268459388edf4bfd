/**
 * The local backend: one TCP port on 127.0.0.1 serving HTTP/1.1 and cleartext HTTP/2 (prior knowledge, as
 * the SDK's default NodeHttp2Handler speaks it). Each connection's first bytes are peeked: the HTTP/2
 * preface `PRI * HTTP/2.0` goes to an http2 server, anything else to an http server; both share one handler.
 */
import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { BatchJobRegistry } from './batch/jobs.ts';
import { ObjectStore } from './batch/object-store.ts';
import { type FaultConfig, FaultInjector, parseFaultConfig } from './faults.ts';
import { GuardrailRegistry } from './guardrails/registry.ts';
import { type Req, type Res, sendAwsError } from './http-util.ts';
import { KnowledgeBaseRegistry } from './kb/registry.ts';
import { PromptRegistry } from './prompts/registry.ts';
import { promptAdminRoutes } from './prompts/routes.ts';
import { type BackendState, Router } from './router.ts';
import { adminRoutes } from './routes/admin.ts';
import { bedrockAgentRuntimeRoutes } from './routes/bedrock-agent-runtime.ts';
import { bedrockBatchRoutes } from './routes/bedrock-batch.ts';
import { bedrockRuntimeRoutes } from './routes/bedrock-runtime.ts';
import { guardrailRoutes } from './routes/guardrail.ts';
import { s3Routes } from './routes/s3.ts';
import { sagemakerRuntimeRoutes } from './routes/sagemaker-runtime.ts';
import { sampleAppRoutes } from './routes/sample-app.ts';
import { EndpointRegistry } from './sagemaker/registry.ts';
import { StatsCollector } from './stats.ts';
import type { LocalBackend, LocalBackendOptions } from './types.ts';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

/** The routes of every API family served; later families add one file and one line here. */
export function defaultRouter(): Router {
  return new Router()
    .add(bedrockRuntimeRoutes)
    .add(bedrockAgentRuntimeRoutes)
    .add(guardrailRoutes)
    .add(sagemakerRuntimeRoutes)
    .add(sampleAppRoutes)
    .add(bedrockBatchRoutes)
    .add(s3Routes)
    .add(promptAdminRoutes)
    .add(adminRoutes);
}

function _handler(router: Router, state: BackendState) {
  return (req: Req, res: Res): void => {
    const protocol = req.httpVersionMajor === 2 ? 'h2' : 'h1';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const found = router.match(req.method ?? 'GET', path);
    if (!found.route) {
      req.resume();
      const name = found.methodMismatch ? 'ValidationException' : 'UnknownOperationException';
      sendAwsError(res, name, `No route for ${req.method} ${path} on the evalgate local backend`);
      return;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    found.route
      .handle({ req, res, params: found.params, state, protocol, signal: abort.signal })
      .catch((err: unknown) => {
        if (!res.headersSent) sendAwsError(res, 'InternalServerException', `local backend: ${String(err)}`);
        else res.end();
      });
  };
}

/** Hand each new socket to the h1 or h2 server once its first bytes tell which protocol it speaks. */
function _sniff(socket: net.Socket, h1: http.Server, h2: http2.Http2Server): void {
  let buf = Buffer.alloc(0);
  const onData = (chunk: Buffer): void => {
    buf = Buffer.concat([buf, chunk]);
    const n = Math.min(buf.length, H2_PREFACE.length);
    const isH2 = buf.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
    if (isH2 && buf.length < H2_PREFACE.length) return; // need more bytes to decide
    socket.off('data', onData);
    socket.pause();
    socket.unshift(buf);
    if (isH2) {
      h2.emit('connection', socket); // the session reads the unshifted bytes itself on the next tick
    } else {
      h1.emit('connection', socket);
      socket.resume();
    }
  };
  socket.on('data', onData);
  socket.on('error', () => socket.destroy());
}

export async function startLocalBackend(options: LocalBackendOptions = {}): Promise<LocalBackend> {
  const stats = new StatsCollector();
  const knowledgeBases = new KnowledgeBaseRegistry();
  for (const [id, config] of Object.entries(options.knowledgeBases ?? {}))
    knowledgeBases.register(id, config);
  const endpoints = new EndpointRegistry();
  for (const file of options.endpoints ?? []) endpoints.register(file);
  const guardrails = new GuardrailRegistry();
  for (const file of options.guardrails ?? []) guardrails.registerFile(file);
  const objects = new ObjectStore();
  const state: BackendState = {
    faults: new FaultInjector(parseFaultConfig(options.faults ?? {})),
    stats,
    knowledgeBases,
    guardrails,
    endpoints,
    prompts: new PromptRegistry(),
    objects,
    batchJobs: new BatchJobRegistry(objects, () => state.faults, options.batch),
    setFaults(f: FaultConfig) {
      state.faults = new FaultInjector(parseFaultConfig(f));
    },
  };
  const handler = _handler(defaultRouter(), state);
  const h1 = http.createServer({ keepAliveTimeout: 5000 }, handler);
  const h2 = http2.createServer({ settings: { maxConcurrentStreams: 1000 } }, handler);
  const sockets = new Set<net.Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  h2.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
  });
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    _sniff(socket, h1, h2);
  });
  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(options.port ?? 0, '127.0.0.1', () => {
      tcp.off('error', reject);
      resolve();
    });
  });
  const address = tcp.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    setFaults: (f) => state.setFaults(f),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    registerKnowledgeBase: (id, config) => knowledgeBases.register(id, config),
    knowledgeBases: () => knowledgeBases.list(),
    registerGuardrail: (definition) =>
      typeof definition === 'string'
        ? guardrails.registerFile(definition)
        : guardrails.registerObject(definition),
    guardrails: () => guardrails.list(),
    registerEndpoints: (input) => endpoints.register(input),
    endpoints: () => endpoints.list(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
        h1.close();
        h2.close();
        tcp.close(() => resolve());
      }),
  };
}
