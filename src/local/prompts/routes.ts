/** Admin routes of the local prompt store: `PUT /_evalgate/prompts` registers, `GET /_evalgate/prompts` lists. */
import { readBody, sendAwsError, sendJson } from '../http-util.ts';
import type { Route } from '../router.ts';

export const promptAdminRoutes: Route[] = [
  {
    method: 'PUT',
    path: '/_evalgate/prompts',
    async handle({ req, res, state }) {
      const text = (await readBody(req)).toString('utf8');
      try {
        sendJson(res, 200, state.prompts.register(text.trim() ? JSON.parse(text) : {}));
      } catch (err) {
        sendAwsError(res, 'ValidationException', (err as Error).message);
      }
    },
  },
  {
    method: 'GET',
    path: '/_evalgate/prompts',
    handle: async (c) => sendJson(c.res, 200, c.state.prompts.list()),
  },
];
