/** Admin routes for tests and `evalgate local`: faults, stats, the model catalogue, knowledge bases, guardrails. */
import { parseFaultConfig } from '../faults.ts';
import { readBody, sendAwsError, sendJson } from '../http-util.ts';
import { LOCAL_MODELS } from '../models/index.ts';
import type { BackendState, Route } from '../router.ts';

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
  // Registration routes: PUT registers (JSON body; `{"file": path}` reads a definitions file), GET lists.
  ..._registry(
    '/_evalgate/knowledge-bases/{id}',
    '/_evalgate/knowledge-bases',
    (state, body, params) => state.knowledgeBases.register(params.id ?? '', body),
    (state) => state.knowledgeBases.list(),
  ),
  ..._registry(
    '/_evalgate/endpoints',
    '/_evalgate/endpoints',
    (state, body) => {
      const file = (body as { file?: unknown }).file;
      const names =
        typeof file === 'string' ? state.endpoints.register(file) : state.endpoints.register(body);
      return { registered: names, endpoints: state.endpoints.list() };
    },
    (state) => state.endpoints.list(),
  ),
  ..._registry(
    '/_evalgate/guardrails',
    '/_evalgate/guardrails',
    (state, body) => {
      const file = (body as { file?: unknown }).file;
      return typeof file === 'string'
        ? state.guardrails.registerFile(file)
        : state.guardrails.registerObject(body);
    },
    (state) => state.guardrails.list(),
  ),
  { method: 'GET', path: '/_evalgate/health', handle: async (c) => sendJson(c.res, 200, { ok: true }) },
];

/** A PUT route that registers what its JSON body describes (errors → ValidationException) and a GET that lists. */
function _registry(
  putPath: string,
  listPath: string,
  register: (state: BackendState, body: unknown, params: Record<string, string>) => unknown,
  list: (state: BackendState) => unknown,
): Route[] {
  return [
    {
      method: 'PUT',
      path: putPath,
      async handle({ req, res, state, params }) {
        const text = (await readBody(req)).toString('utf8');
        try {
          sendJson(res, 200, register(state, text.trim() ? JSON.parse(text) : {}, params));
        } catch (err) {
          sendAwsError(res, 'ValidationException', (err as Error).message);
        }
      },
    },
    { method: 'GET', path: listPath, handle: async (c) => sendJson(c.res, 200, list(c.state)) },
  ];
}
