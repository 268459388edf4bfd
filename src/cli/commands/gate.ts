import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import type { Suite } from '../../config/index.ts';
import { EvalgateError } from '../../core/errors.ts';
import { verdictExitCode } from '../../gate/exit-code.ts';
import type { GatePolicy, Verdict } from '../../gate/index.ts';
import { qualityVerdict, resolveBaselineRun } from '../../pipeline/quality-verdict.ts';
import { openStore } from '../../store/index.ts';
import { jsonNumbers } from '../args.ts';
import { guard } from '../fail.ts';
import { loadPolicyFile } from './gate-policy.ts';
import { parseStage, stageFromLoad, stageFromMetrics } from './gate-stage.ts';
import { loadVerdictOf } from './load-gate-args.ts';
import { openRun, storeArgs } from './store-args.ts';

export const gateCommand = defineCommand({
  meta: {
    name: 'gate',
    description:
      "Apply a run's gate policy (or judge one canary stage with --stage); exit 0 promote, 1 rollback, 2 could not evaluate",
  },
  args: {
    run: { type: 'positional', description: 'run id, or latest', required: false },
    ...storeArgs,
    out: { type: 'string', description: 'also write the verdict JSON to this file' },
    policy: { type: 'string', description: "gate policy YAML file (default: the run's suite gate block)" },
    baseline: {
      type: 'string',
      description: 'baseline run (id, latest, or latest-promoted) of the same suite, for relative rules',
    },
    seed: { type: 'string', default: '1', description: 'bootstrap seed of non-inferiority rules' },
    stage: {
      type: 'string',
      description: 'canary stage (percent of traffic) to judge, with --metrics or --load',
    },
    metrics: { type: 'string', description: 'live metrics JSON of the canary stage (see README "Gate")' },
    load: {
      type: 'string',
      description:
        "also judge this load run (id, or latest) by its profile's gate rules; with --stage: the stage's load run",
    },
    'load-baseline': {
      type: 'string',
      description: 'baseline load run for ratio rules (id, latest, or promoted)',
    },
  },
  run: ({ args }) =>
    guard(async () => {
      const verdict = args.stage !== undefined ? await _stage(args) : await _quality(args);
      const json = `${JSON.stringify(verdict, jsonNumbers, 2)}\n`;
      process.stdout.write(json);
      if (args.out) await writeFile(args.out, json);
      return verdictExitCode(verdict);
    }),
});

interface _Args {
  run?: string;
  db: string;
  policy?: string;
  baseline?: string;
  seed: string;
  stage?: string;
  metrics?: string;
  load?: string;
  'load-baseline'?: string;
}

async function _stage(args: _Args): Promise<Verdict> {
  const stage = parseStage(args.stage ?? '');
  if ((args.metrics === undefined) === (args.load === undefined))
    throw new EvalgateError('USAGE', '--stage needs exactly one of --metrics FILE or --load RUN');
  if (args.baseline) throw new EvalgateError('USAGE', '--stage takes --load-baseline, not --baseline');
  let policy = args.policy ? await loadPolicyFile(args.policy) : undefined;
  if (args.metrics && !args.run) return stageFromMetrics(policy, stage, args.metrics);
  const store = await openStore(args.db);
  try {
    if (!policy && args.run) policy = await _storedPolicy(store, args.run, args.db);
    if (args.metrics) return await stageFromMetrics(policy, stage, args.metrics);
    return await stageFromLoad(store, policy, stage, args.load ?? '', args['load-baseline']);
  } finally {
    await store.close();
  }
}

async function _quality(args: _Args): Promise<Verdict> {
  if (args.metrics) throw new EvalgateError('USAGE', '--metrics needs --stage N');
  const seed = Number(args.seed);
  if (!Number.isInteger(seed))
    throw new EvalgateError('USAGE', `--seed expects an integer, got "${args.seed}"`);
  const { store, runId } = await openRun(args.db, args.run);
  try {
    const filePolicy = args.policy ? await loadPolicyFile(args.policy) : undefined;
    const run = await store.getRun(runId);
    const policy = filePolicy ?? (run?.config as Partial<Suite> | undefined)?.gate;
    if (!policy && !args.load) throw new EvalgateError('GATE', `run ${runId}: its suite has no gate policy`);
    const baselineRunId = args.baseline ? await resolveBaselineRun(store, args.baseline, runId) : undefined;
    const quality: Verdict | undefined = policy
      ? await qualityVerdict(store, runId, policy, baselineRunId, seed)
      : undefined;
    const both = args.load
      ? await loadVerdictOf(store, args.load, args['load-baseline'], quality, runId)
      : undefined;
    const verdict = both?.merged ?? (quality as Verdict);
    if (both) await store.saveVerdict(both.load.runId, both.load);
    await store.saveVerdict(runId, verdict);
    return verdict;
  } finally {
    await store.close();
  }
}

async function _storedPolicy(
  store: Awaited<ReturnType<typeof openStore>>,
  runArg: string,
  db: string,
): Promise<GatePolicy | undefined> {
  const id = runArg === 'latest' ? await store.latestRunId() : runArg;
  const run = id ? await store.getRun(id) : undefined;
  if (!run) throw new EvalgateError('USAGE', `no run ${runArg} in ${db}`);
  return (run.config as Partial<Suite> | undefined)?.gate;
}
