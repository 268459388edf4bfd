/**
 * Converse with a Bedrock Prompt Management prompt version: modelId = the prompt version's ARN, the case's values
 * in `promptVariables` (`{ name: { text } }`). Bedrock rejects `system`, `inferenceConfig`, `toolConfig` and
 * `additionalModelRequestFields` with a prompt ARN (the prompt's variant sets them), so none is sent; `messages`
 * would be appended after the prompt's own, so none is sent either. A guardrail still applies (to the whole prompt).
 */
import type { ConverseCommandInput, GuardrailConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { TargetRequest } from '../core/types.ts';

export function managedConverseInput(
  arn: string,
  request: TargetRequest,
  guardrailConfig?: GuardrailConfiguration,
): ConverseCommandInput {
  const vars = request.promptVariables ?? {};
  const input: ConverseCommandInput = {
    modelId: arn,
    promptVariables: Object.fromEntries(Object.entries(vars).map(([k, text]) => [k, { text }])),
  };
  if (guardrailConfig) input.guardrailConfig = guardrailConfig;
  return input;
}
