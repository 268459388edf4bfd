/**
 * The guardrail definition vocabulary: the policy blocks of Bedrock's CreateGuardrail request
 * (contentPolicyConfig, topicPolicyConfig, wordPolicyConfig, sensitiveInformationPolicyConfig,
 * contextualGroundingPolicyConfig) plus the local file's `guardrailId` and `versions` map.
 */
import { z } from 'zod';

export const CONTENT_FILTER_TYPES = [
  'SEXUAL',
  'VIOLENCE',
  'HATE',
  'INSULTS',
  'MISCONDUCT',
  'PROMPT_ATTACK',
] as const;
export type ContentFilterType = (typeof CONTENT_FILTER_TYPES)[number];
export const STRENGTHS = ['NONE', 'LOW', 'MEDIUM', 'HIGH'] as const;
export type Strength = (typeof STRENGTHS)[number];

export const PII_TYPES = [
  'ADDRESS',
  'AGE',
  'AWS_ACCESS_KEY',
  'AWS_SECRET_KEY',
  'CA_HEALTH_NUMBER',
  'CA_SOCIAL_INSURANCE_NUMBER',
  'CREDIT_DEBIT_CARD_CVV',
  'CREDIT_DEBIT_CARD_EXPIRY',
  'CREDIT_DEBIT_CARD_NUMBER',
  'DRIVER_ID',
  'EMAIL',
  'INTERNATIONAL_BANK_ACCOUNT_NUMBER',
  'IP_ADDRESS',
  'LICENSE_PLATE',
  'MAC_ADDRESS',
  'NAME',
  'PASSWORD',
  'PHONE',
  'PIN',
  'SWIFT_CODE',
  'UK_NATIONAL_HEALTH_SERVICE_NUMBER',
  'UK_NATIONAL_INSURANCE_NUMBER',
  'UK_UNIQUE_TAXPAYER_REFERENCE_NUMBER',
  'URL',
  'USERNAME',
  'US_BANK_ACCOUNT_NUMBER',
  'US_BANK_ROUTING_NUMBER',
  'US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER',
  'US_PASSPORT_NUMBER',
  'US_SOCIAL_SECURITY_NUMBER',
  'VEHICLE_IDENTIFICATION_NUMBER',
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** BLOCK (intervene) or NONE (detect only) — the inputAction/outputAction of filters, topics and words. */
const _blockAction = z.enum(['BLOCK', 'NONE']);
const _piiAction = z.enum(['BLOCK', 'ANONYMIZE', 'NONE']);
const _io = {
  inputAction: _blockAction.optional(),
  outputAction: _blockAction.optional(),
  inputEnabled: z.boolean().optional(),
  outputEnabled: z.boolean().optional(),
};

const ContentFilterSchema = z.strictObject({
  type: z.enum(CONTENT_FILTER_TYPES),
  inputStrength: z.enum(STRENGTHS),
  outputStrength: z.enum(STRENGTHS),
  inputModalities: z.array(z.string()).optional(),
  outputModalities: z.array(z.string()).optional(),
  ..._io,
});

const TopicSchema = z.strictObject({
  name: z.string().min(1).max(100),
  type: z.literal('DENY'),
  definition: z.string().min(1).max(1000),
  examples: z.array(z.string().min(1)).max(5).optional(),
  ..._io,
});

const WordSchema = z.strictObject({ text: z.string().trim().min(1), ..._io });

const PiiEntitySchema = z.strictObject({
  type: z.enum(PII_TYPES),
  action: _piiAction,
  inputAction: _piiAction.optional(),
  outputAction: _piiAction.optional(),
  inputEnabled: z.boolean().optional(),
  outputEnabled: z.boolean().optional(),
});

const RegexSchema = z
  .strictObject({
    name: z.string().min(1).max(100),
    description: z.string().optional(),
    pattern: z.string().min(1),
    action: _piiAction,
    inputAction: _piiAction.optional(),
    outputAction: _piiAction.optional(),
    inputEnabled: z.boolean().optional(),
    outputEnabled: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    try {
      new RegExp(r.pattern, 'u');
    } catch (err) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `invalid regex: ${(err as Error).message}`,
      });
    }
  });

const GroundingFilterSchema = z.strictObject({
  type: z.enum(['GROUNDING', 'RELEVANCE']),
  threshold: z.number().min(0).max(0.99),
  action: _blockAction.optional(),
  enabled: z.boolean().optional(),
});

/** One guardrail version: the CreateGuardrail policy blocks (all optional) and the blocked messages. */
export const GuardrailVersionSchema = z.strictObject({
  extends: z.union([z.string(), z.number()]).optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  blockedInputMessaging: z.string().min(1).optional(),
  blockedOutputsMessaging: z.string().min(1).optional(),
  contentPolicyConfig: z.strictObject({ filtersConfig: z.array(ContentFilterSchema) }).optional(),
  topicPolicyConfig: z.strictObject({ topicsConfig: z.array(TopicSchema) }).optional(),
  wordPolicyConfig: z
    .strictObject({
      wordsConfig: z.array(WordSchema).optional(),
      managedWordListsConfig: z.array(z.strictObject({ type: z.literal('PROFANITY'), ..._io })).optional(),
    })
    .optional(),
  sensitiveInformationPolicyConfig: z
    .strictObject({
      piiEntitiesConfig: z.array(PiiEntitySchema).optional(),
      regexesConfig: z.array(RegexSchema).optional(),
    })
    .optional(),
  contextualGroundingPolicyConfig: z
    .strictObject({ filtersConfig: z.array(GroundingFilterSchema) })
    .optional(),
  kmsKeyId: z.string().optional(),
  tags: z.array(z.unknown()).optional(),
});

export const GUARDRAIL_ID = /^[a-zA-Z0-9_-]{1,64}$/;

export const GuardrailFileSchema = z.strictObject({
  guardrailId: z.string().regex(GUARDRAIL_ID, 'guardrailId must be 1-64 letters, digits, _ or -'),
  description: z.string().optional(),
  versions: z
    .record(
      z.string().regex(/^(DRAFT|[1-9][0-9]*)$/, 'version keys must be DRAFT or 1, 2, …'),
      GuardrailVersionSchema,
    )
    .refine((v) => Object.keys(v).length > 0, 'versions must hold at least one version'),
});

export type GuardrailVersionConfig = z.infer<typeof GuardrailVersionSchema>;
export type GuardrailFile = z.infer<typeof GuardrailFileSchema>;
export type ContentFilterConfig = z.infer<typeof ContentFilterSchema>;
export type TopicConfig = z.infer<typeof TopicSchema>;
export type PiiEntityConfig = z.infer<typeof PiiEntitySchema>;
export type RegexConfig = z.infer<typeof RegexSchema>;
export type GroundingFilterConfig = z.infer<typeof GroundingFilterSchema>;

/** A version after `extends` is resolved: every policy block present or absent, never inherited lazily. */
export interface ResolvedGuardrail extends Omit<GuardrailVersionConfig, 'extends'> {
  guardrailId: string;
  version: string;
  blockedInputMessaging: string;
  blockedOutputsMessaging: string;
}

export type Source = 'INPUT' | 'OUTPUT';

/** Is a policy entry on for this source? (`inputEnabled`/`outputEnabled`, default true.) */
export function enabledFor(
  entry: { inputEnabled?: boolean | undefined; outputEnabled?: boolean | undefined },
  source: Source,
): boolean {
  return (source === 'INPUT' ? entry.inputEnabled : entry.outputEnabled) ?? true;
}

/** The configured action for a source: `inputAction`/`outputAction`, else `fallback`. */
export function actionFor<A extends string>(
  entry: { inputAction?: A | undefined; outputAction?: A | undefined },
  source: Source,
  fallback: A,
): A {
  return (source === 'INPUT' ? entry.inputAction : entry.outputAction) ?? fallback;
}
