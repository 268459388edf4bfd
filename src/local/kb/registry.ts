/**
 * The knowledge bases of one backend: registered by id (options, admin route, CLI flag), indexed on
 * registration, rebuilt only when a registration changes (same id + same config = no-op).
 */
import { resolve } from 'node:path';
import { KB_ID, type KnowledgeBaseConfig, parseKnowledgeBaseConfig, resolveChunking } from './config.ts';
import { KnowledgeBase } from './knowledge-base.ts';

export interface KnowledgeBaseSummary {
  id: string;
  corpusDir: string;
  chunking: ReturnType<typeof resolveChunking>;
  documents: number;
  chunks: number;
  /** Time the last (re)build took, ms. */
  buildMs: number;
}

function _key(config: KnowledgeBaseConfig): string {
  return JSON.stringify({ corpusDir: config.corpusDir, chunking: resolveChunking(config.chunking) });
}

export class KnowledgeBaseRegistry {
  private readonly entries = new Map<string, { key: string; kb: KnowledgeBase }>();

  /**
   * Register (or re-register) a knowledge base and build its index now. Throws a one-line Error for a bad id,
   * a bad config or an unreadable corpus (the previous registration, if any, is kept).
   */
  register(id: string, input: unknown): KnowledgeBaseSummary {
    if (!KB_ID.test(id))
      throw new Error(`invalid knowledge base id ${JSON.stringify(id)}: use letters, digits, _ and -`);
    const parsed = parseKnowledgeBaseConfig(input);
    const config = { ...parsed, corpusDir: resolve(parsed.corpusDir) };
    const key = _key(config);
    const existing = this.entries.get(id);
    if (existing?.key === key) return this.summary(existing.kb);
    const kb = new KnowledgeBase(id, config);
    this.entries.set(id, { key, kb });
    return this.summary(kb);
  }

  get(id: string): KnowledgeBase | undefined {
    return this.entries.get(id)?.kb;
  }

  ids(): string[] {
    return [...this.entries.keys()].sort();
  }

  list(): KnowledgeBaseSummary[] {
    return this.ids().map((id) => this.summary(this.entries.get(id)!.kb));
  }

  summary(kb: KnowledgeBase): KnowledgeBaseSummary {
    return {
      id: kb.id,
      corpusDir: kb.config.corpusDir,
      chunking: resolveChunking(kb.config.chunking),
      documents: kb.documents,
      chunks: kb.chunks.length,
      buildMs: Math.round(kb.buildMs * 10) / 10,
    };
  }
}
