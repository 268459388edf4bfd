/** Admin routes for tests and `evalgate local`: faults, stats, the model catalogue, knowledge bases, guardrails. */
import { parseFaultConfig } from '../faults.ts';
import { readBody, sendAwsError, sendJson } from '../http-util.ts';
import { LOCAL_MODELS } from '../models/index.ts';
import type { Route } from '../router.ts';

export const adminRoutes: Route[] = [
  {
    method: 'POST',
    path: '/_evalgate/faults',
    async handle({ req, res, state }) {
      const text = (await readBody(req)).toString('utf8');
      try {
        const faults = parseFaultConfig(text.trim() ? JSON.parse(text) : {});
        state.setFaults(faults);
        sendJson(res, 200, { ok: true, faults });
      } catch (err) {
        sendAwsError(res, 'ValidationException', (err as Error).message);
      }
    },
  },
  {
    method: 'GET',
    path: '/_evalgate/faults',
    handle: async (c) => sendJson(c.res, 200, c.state.faults.config),
  },
  {
    method: 'GET',
    path: '/_evalgate/stats',
    handle: async (c) => sendJson(c.res, 200, c.state.stats.snapshot()),
  },
  {
    method: 'POST',
    path: '/_evalgate/stats/reset',
    async handle({ res, state }) {
      state.stats.reset();
      sendJson(res, 200, { ok: true });
    },
  },
  { method: 'GET', path: '/_evalgate/models', handle: async (c) => sendJson(c.res, 200, LOCAL_MODELS) },
  {
    method: 'PUT',
    path: '/_evalgate/knowledge-bases/{id}',
    async handle({ req, res, state, params }) {
      const text = (await readBody(req)).toString('utf8');
      try {
        sendJson(
          res,
          200,
          state.knowledgeBases.register(params.id ?? '', text.trim() ? JSON.parse(text) : {}),
        );
      } catch (err) {
        sendAwsError(res, 'ValidationException', (err as Error).message);
      }
    },
  },
  {
    method: 'GET',
    path: '/_evalgate/knowledge-bases',
    handle: async (c) => sendJson(c.res, 200, c.state.knowledgeBases.list()),
  },
  {
    method: 'PUT',
    path: '/_evalgate/endpoints',
    // body: {"file": "<path to a YAML/JSON definitions file>"} or the definitions themselves {"endpoints": {…}}
    async handle({ req, res, state }) {
      const text = (await readBody(req)).toString('utf8');
      try {
        const doc: unknown = text.trim() ? JSON.parse(text) : {};
        const file = (doc as { file?: unknown }).file;
        const names =
          typeof file === 'string' ? state.endpoints.register(file) : state.endpoints.register(doc);
        sendJson(res, 200, { registered: names, endpoints: state.endpoints.list() });
      } catch (err) {
        sendAwsError(res, 'ValidationException', (err as Error).message);
      }
    },
  },
  {
    method: 'GET',
    path: '/_evalgate/endpoints',
    handle: async (c) => sendJson(c.res, 200, c.state.endpoints.list()),
  },
  {
    method: 'PUT',
    path: '/_evalgate/guardrails',
    // body: {"file": "<path to a YAML/JSON guardrail definition>"} or the definition itself {guardrailId, versions}
    async handle({ req, res, state }) {
      const text = (await readBody(req)).toString('utf8');
      try {
        const body: unknown = text.trim() ? JSON.parse(text) : {};
        const file = (body as { file?: unknown }).file;
        const g = state.guardrails;
        sendJson(res, 200, typeof file === 'string' ? g.registerFile(file) : g.registerObject(body));
      } catch (err) {
        sendAwsError(res, 'ValidationException', (err as Error).message);
      }
    },
  },
  {
    method: 'GET',
    path: '/_evalgate/guardrails',
    handle: async (c) => sendJson(c.res, 200, c.state.guardrails.list()),
  },
  { method: 'GET', path: '/_evalgate/health', handle: async (c) => sendJson(c.res, 200, { ok: true }) },
];
