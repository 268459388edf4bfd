import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRICE_TABLE_VERSION } from '../cost/index.ts';
import { captureRunMeta, evalgateVersion, gitState } from './run-meta.ts';

describe('captureRunMeta', () => {
  let dir: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: join(dir, 'repo'), encoding: 'utf8' }).trim();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evalgate-run-meta-'));
    execFileSync('mkdir', ['-p', join(dir, 'repo'), join(dir, 'plain')]);
    git('init', '-q');
    await writeFile(join(dir, 'repo', 'suite.yaml'), 'name: x\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'one');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('records HEAD and a clean tree, then dirty after an edit', async () => {
    const head = git('rev-parse', 'HEAD');
    expect(await gitState(join(dir, 'repo'))).toEqual({ commit: head, dirty: false });
    await writeFile(join(dir, 'repo', 'suite.yaml'), 'name: y\n');
    expect(await gitState(join(dir, 'repo'))).toEqual({ commit: head, dirty: true });
  });

  it('has no git entry outside a checkout, and the versions always', async () => {
    // GIT_CEILING_DIRECTORIES is not needed: tmpdir is not inside a checkout on these machines
    const meta = await captureRunMeta(join(dir, 'plain'));
    expect(meta.git).toBeUndefined();
    expect(meta).toEqual({
      evalgateVersion: evalgateVersion(),
      nodeVersion: process.version,
      platform: `${process.platform}-${process.arch}`,
      priceTable: PRICE_TABLE_VERSION,
    });
    expect(PRICE_TABLE_VERSION).toBe('2026-11-23');
    expect(evalgateVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(JSON.stringify(meta)).not.toMatch(/AWS_|SECRET|TOKEN|HOME=/i);
  });
});
