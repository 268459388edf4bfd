/** Admin routes for tests and `evalgate local`: faults, stats, the model catalogue, knowledge bases. */
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
  { method: 'GET', path: '/_evalgate/health', handle: async (c) => sendJson(c.res, 200, { ok: true }) },
];
