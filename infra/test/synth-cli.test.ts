/** Runs the real `cdk synth` (the CLI from node_modules) once, offline, and checks the cloud assembly. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const INFRA = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CDK = resolve(INFRA, '../node_modules/.bin/cdk');

describe('cdk synth', () => {
  it('synthesizes both stacks without AWS access', { timeout: 180_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'evalgate-cdk-out-'));
    const env = {
      ...process.env,
      AWS_EC2_METADATA_DISABLED: 'true',
      CDK_DISABLE_VERSION_CHECK: 'true',
      // no credentials are looked for: the stacks are environment-agnostic (no account/region context)
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_PROFILE: '',
    };
    await promisify(execFile)(CDK, ['synth', '--no-notices', '--no-version-reporting', '-q', '-o', out], {
      cwd: INFRA,
      env,
      timeout: 170_000,
    });
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { type: string; properties?: { templateFile?: string } }>;
    };
    const stacks = Object.entries(manifest.artifacts).filter(
      ([, a]) => a.type === 'aws:cloudformation:stack',
    );
    expect(stacks.map(([id]) => id).sort()).toEqual(['EvalgateCanary', 'EvalgateNightly']);
    for (const [, a] of stacks) {
      const template = JSON.parse(readFileSync(join(out, a.properties?.templateFile ?? ''), 'utf8'));
      expect(Object.keys(template.Resources).length).toBeGreaterThan(5);
    }
    const canary = JSON.parse(readFileSync(join(out, 'EvalgateCanary.template.json'), 'utf8'));
    const types = Object.values(canary.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toContain('AWS::StepFunctions::StateMachine');
  });
});
