/**
 * On the local backend a Bedrock Prompt Management prompt is served from its local prompt store file (the suite's
 * `prompts[].bedrock.localFile`): before the first call the target registers it with the backend's admin route
 * (`PUT /_evalgate/prompts`, body `{arn, file}`), as one would create the prompt version before calling it on AWS.
 * Against AWS nothing happens: the prompt version already exists.
 */
import { resolve } from 'node:path';
import { EvalgateError } from '../core/errors.ts';
import type { ClientPool } from '../targets/clients.ts';

export function ensureLocalPrompt(
  spec: { id: string; baseDir?: string; managedPrompt?: { arn: string; localFile?: string } },
  clients: ClientPool,
): Promise<void> {
  const backend = clients.backend;
  const m = spec.managedPrompt;
  if (backend.kind !== 'local' || !m?.localFile) return Promise.resolve();
  const file = resolve(spec.baseDir ?? '.', m.localFile);
  return clients.runOnce(`local-prompt:${m.arn}:${file}`, async () => {
    let res: Response;
    try {
      res = await fetch(`${backend.endpoint}/_evalgate/prompts`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ arn: m.arn, file }),
      });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new EvalgateError('TARGET', `target "${spec.id}": cannot reach the local backend: ${why}`);
    }
    if (!res.ok) {
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      throw new EvalgateError(
        'TARGET',
        `target "${spec.id}": the local backend could not register prompt ${m.arn} from ${file}: ${body}`,
      );
    }
  });
}
