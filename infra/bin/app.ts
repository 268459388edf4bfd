/**
 * The evalgate CDK app: NightlyEvalStack (results bucket, topic, nightly re-evaluation) and CanaryStack (the
 * metric-gated canary state machine). IAM is derived from the suites the jobs run, loaded here at synth time.
 * Parameters: CDK context (infra/cdk.json, `-c key=value`; see infra/README.md). Synth needs no AWS access.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { CanaryStack } from '../lib/canary-stack.ts';
import { readConfig } from '../lib/config.ts';
import { loadSuites } from '../lib/load-suites.ts';
import { NightlyEvalStack } from '../lib/nightly-stack.ts';
import { collectSuiteResources } from '../lib/suite-resources.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds the app (the tests call it with their own context and outdir). */
export async function buildApp(app: App): Promise<{ nightly: NightlyEvalStack; canary: CanaryStack }> {
  const config = readConfig((key) => app.node.tryGetContext(key));
  const env =
    config.account || config.region ? { account: config.account, region: config.region } : undefined;
  const nightlySuites = await loadSuites(REPO_ROOT, config.suites);
  const canarySuites = await loadSuites(REPO_ROOT, config.canary.suites);
  const nightly = new NightlyEvalStack(app, 'EvalgateNightly', {
    ...(env ? { env } : {}),
    description: 'evalgate: results bucket, verdict notifications and the nightly re-evaluation',
    config,
    resources: collectSuiteResources(nightlySuites),
  });
  const canary = new CanaryStack(app, 'EvalgateCanary', {
    ...(env ? { env } : {}),
    description: 'evalgate: metric-gated canary of a SageMaker endpoint (Step Functions)',
    config,
    resources: collectSuiteResources(canarySuites),
    storage: nightly.storage,
  });
  return { nightly, canary };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const app = new App();
  try {
    await buildApp(app);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  app.synth();
}
