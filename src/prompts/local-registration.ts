/**
 * On the local backend a Bedrock Prompt Management prompt is served from its local prompt store file (the suite's
 * `prompts[].bedrock.localFile`): before the first call the target registers it with the backend's admin route
 * (`PUT /_evalgate/prompts`, body `{arn, file}`), as one would create the prompt version before calling it on AWS.
 * Against AWS nothing happens: the prompt version already exists.
 */
import { resolve } from 'node:path';
import type { ClientPool } from '../targets/clients.ts';
import { registerLocal } from '../targets/local-admin.ts';

export function ensureLocalPrompt(
  spec: { id: string; baseDir?: string; managedPrompt?: { arn: string; localFile?: string } },
  clients: ClientPool,
): Promise<void> {
  const m = spec.managedPrompt;
  if (!m?.localFile) return Promise.resolve();
  const file = resolve(spec.baseDir ?? '.', m.localFile);
  return registerLocal(clients, {
    key: `local-prompt:${m.arn}:${file}`,
    path: '/_evalgate/prompts',
    body: { arn: m.arn, file },
    targetId: spec.id,
    what: `prompt ${m.arn} from ${file}`,
  });
}
