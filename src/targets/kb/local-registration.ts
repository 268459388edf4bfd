/**
 * On the local backend a knowledge base is built from a corpus folder (the suite's `knowledgeBase.localCorpus`):
 * before the first call the target registers it with the backend's admin route, as one would sync a data source
 * before querying a knowledge base on AWS. Against AWS nothing happens: the knowledge base already exists.
 */
import { resolve } from 'node:path';
import { EvalgateError } from '../../core/errors.ts';
import type { ClientPool } from '../clients.ts';
import type { TargetSpec } from '../types.ts';

export function ensureLocalKnowledgeBase(spec: TargetSpec, clients: ClientPool): Promise<void> {
  const backend = clients.backend;
  const kb = spec.knowledgeBase;
  if (backend.kind !== 'local' || !kb?.localCorpus) return Promise.resolve();
  const corpusDir = resolve(spec.baseDir ?? '.', kb.localCorpus);
  return clients.runOnce(`local-kb:${kb.id}:${corpusDir}`, async () => {
    const url = `${backend.endpoint}/_evalgate/knowledge-bases/${encodeURIComponent(kb.id)}`;
    const res = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ corpusDir }),
    });
    if (!res.ok) {
      const body = (await res.text()).replace(/\s+/g, ' ').slice(0, 300);
      throw new EvalgateError(
        'TARGET',
        `target "${spec.id}": the local backend could not build knowledge base ${kb.id} from ${corpusDir}: ${body}`,
      );
    }
  });
}
