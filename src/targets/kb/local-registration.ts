/**
 * On the local backend a knowledge base is built from a corpus folder (the suite's `knowledgeBase.localCorpus`):
 * before the first call the target registers it with the backend's admin route, as one would sync a data source
 * before querying a knowledge base on AWS. Against AWS nothing happens: the knowledge base already exists.
 */
import { resolve } from 'node:path';
import type { ClientPool } from '../clients.ts';
import { registerLocal } from '../local-admin.ts';
import type { TargetSpec } from '../types.ts';

export function ensureLocalKnowledgeBase(spec: TargetSpec, clients: ClientPool): Promise<void> {
  const kb = spec.knowledgeBase;
  if (!kb?.localCorpus) return Promise.resolve();
  const corpusDir = resolve(spec.baseDir ?? '.', kb.localCorpus);
  return registerLocal(clients, {
    key: `local-kb:${kb.id}:${corpusDir}`,
    path: `/_evalgate/knowledge-bases/${encodeURIComponent(kb.id)}`,
    body: { corpusDir },
    targetId: spec.id,
    what: `knowledge base ${kb.id} from ${corpusDir}`,
  });
}
