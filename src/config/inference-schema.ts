import { z } from 'zod';

/** Inference parameters (a target's, a router tier's or classifier's `inference:`), as Bedrock's inferenceConfig. */
export const InferenceSchema = z
  .strictObject({
    maxTokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(2).optional(),
    topP: z.number().min(0).max(1).optional(),
    stopSequences: z.array(z.string()).optional(),
  })
  .describe('Inference parameters (Bedrock inferenceConfig).');
