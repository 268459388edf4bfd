/**
 * Knowledge-base registration: an id, a corpus folder and a chunking configuration. Validated with zod so the
 * options object, the admin route and the CLI flag share one rule and one-line error messages.
 */
import { z } from 'zod';

export const ChunkingConfigSchema = z.discriminatedUnion('strategy', [
  /** Like Bedrock's FIXED_SIZE: windows of `maxTokens` words (≈ tokens) sharing `overlapPercentage` %. */
  z.strictObject({
    strategy: z.literal('fixed'),
    maxTokens: z.number().int().min(20).max(8192).optional(),
    overlapPercentage: z.number().int().min(1).max(99).optional(),
  }),
  /** Heading-aware Markdown chunks of at most `maxChars` characters (textkit chunkMarkdown). */
  z.strictObject({ strategy: z.literal('markdown'), maxChars: z.number().int().min(50).optional() }),
  /** Whole sentences packed up to `maxChars` characters (textkit chunkSentences). */
  z.strictObject({ strategy: z.literal('sentences'), maxChars: z.number().int().min(50).optional() }),
  /** One chunk per document (Bedrock's NONE). */
  z.strictObject({ strategy: z.literal('none') }),
]);

export const KnowledgeBaseConfigSchema = z.strictObject({
  /** Folder of `.md` / `.txt` files, read recursively. */
  corpusDir: z.string().min(1),
  /** Default: `{strategy: 'fixed', maxTokens: 300, overlapPercentage: 20}` (Bedrock's default chunking). */
  chunking: ChunkingConfigSchema.optional(),
});

export type ChunkingConfig = z.infer<typeof ChunkingConfigSchema>;
export type KnowledgeBaseConfig = z.infer<typeof KnowledgeBaseConfigSchema>;

export const DEFAULT_CHUNKING: ChunkingConfig = { strategy: 'fixed', maxTokens: 300, overlapPercentage: 20 };
export const DEFAULT_MAX_CHARS = 1500;

/** Knowledge-base ids: letters, digits, `_` and `-`, 1–100 characters (Bedrock's are 10 upper-case alnum). */
export const KB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;

/** Validate a registration; throws a one-line Error naming the bad field. */
export function parseKnowledgeBaseConfig(input: unknown): KnowledgeBaseConfig {
  const parsed = KnowledgeBaseConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new Error(`invalid knowledge base config at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The chunking with defaults filled in (so equal registrations compare equal). */
export function resolveChunking(c: ChunkingConfig | undefined): ChunkingConfig {
  if (!c || c.strategy === 'fixed') {
    return {
      strategy: 'fixed',
      maxTokens: c?.maxTokens ?? 300,
      overlapPercentage: c?.overlapPercentage ?? 20,
    };
  }
  if (c.strategy === 'none') return c;
  return { strategy: c.strategy, maxChars: c.maxChars ?? DEFAULT_MAX_CHARS };
}
