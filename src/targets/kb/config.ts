/** A suite's `knowledgeBase:` block → the Retrieve API's `retrievalConfiguration`. */
import type {
  KnowledgeBaseRetrievalConfiguration,
  RetrievalFilter,
} from '@aws-sdk/client-bedrock-agent-runtime';
import type { KnowledgeBaseSpec } from '../types.ts';

/** A model id as the reranking configuration wants it: an ARN (a bare id becomes a foundation-model ARN). */
export function rerankModelArn(model: string, region: string): string {
  return model.startsWith('arn:') ? model : `arn:aws:bedrock:${region}::foundation-model/${model}`;
}

export function retrievalConfiguration(
  kb: KnowledgeBaseSpec,
  region: string,
): KnowledgeBaseRetrievalConfiguration {
  const vector: NonNullable<KnowledgeBaseRetrievalConfiguration['vectorSearchConfiguration']> = {
    numberOfResults: kb.numberOfResults ?? 5,
  };
  if (kb.searchType) vector.overrideSearchType = kb.searchType === 'hybrid' ? 'HYBRID' : 'SEMANTIC';
  if (kb.filter) vector.filter = kb.filter as unknown as RetrievalFilter;
  if (kb.rerank) {
    vector.rerankingConfiguration = {
      type: 'BEDROCK_RERANKING_MODEL',
      bedrockRerankingConfiguration: {
        modelConfiguration: { modelArn: rerankModelArn(kb.rerank.model, region) },
        ...(kb.rerank.numberOfResults ? { numberOfRerankedResults: kb.rerank.numberOfResults } : {}),
      },
    };
  }
  return { vectorSearchConfiguration: vector };
}
