/**
 * Stand-alone gate policy files (`evalgate gate --policy FILE`, e.g. suites/policies/canary.policy.yaml): the same shape as a
 * suite's `gate:` block (candidate, baseline, rules, canary), except that `rules` may be left out when the file
 * only drives canary stages. Errors are one line `file:line:col: path: what`.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { throwFirstIssue } from '../../config/first-issue.ts';
import { fromZodIssues, suiteErrorMap } from '../../config/issues.ts';
import { GateRuleSchema, GateSchema } from '../../config/schema.ts';
import { displayPathOf } from '../../config/suite-files.ts';
import { parseYamlSource } from '../../config/yaml-source.ts';
import { EvalgateError } from '../../core/errors.ts';
import type { GatePolicy } from '../../gate/index.ts';

export const PolicyFileSchema = GateSchema.extend({ rules: z.array(GateRuleSchema).default([]) });

/** Validates policy YAML text; `displayFile` names it in errors. */
export function parsePolicy(text: string, displayFile: string): GatePolicy {
  const src = parseYamlSource(text, displayFile);
  if (src.data === null || typeof src.data !== 'object' || Array.isArray(src.data)) {
    throw new EvalgateError(
      'CONFIG_SCHEMA',
      'expected a mapping (candidate, baseline, rules, canary)',
      `${displayFile}:1:1`,
    );
  }
  const parsed = PolicyFileSchema.safeParse(src.data, { error: suiteErrorMap });
  if (!parsed.success) throwFirstIssue(src, fromZodIssues(parsed.error.issues));
  return parsed.data;
}

export async function loadPolicyFile(path: string): Promise<GatePolicy> {
  const display = displayPathOf(resolve(path));
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new EvalgateError('CONFIG_REFERENCE', 'gate policy file not found', display);
  }
  return parsePolicy(text, display);
}
