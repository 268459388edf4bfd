import { resolve } from 'node:path';
import { defineCommand } from 'citty';
import { CALIBRATED_JUDGES, type CalibratedJudge } from '../../calibrate/labels.ts';
import { calibrateJudge } from '../../calibrate/run.ts';
import { EvalgateError } from '../../core/errors.ts';
import { getLocalModel } from '../../local/index.ts';
import { openBackend } from '../../pipeline/backend.ts';
import { judgeProviderFor } from '../../runner/judge-provider.ts';
import { openStore } from '../../store/index.ts';
import { describeBackend } from '../../targets/backend.ts';
import { ClientPool } from '../../targets/clients.ts';
import { EXIT, guard } from '../fail.ts';
import { backendArgs } from './backend-args.ts';

export const DEFAULT_JUDGE_MODEL = 'amazon.nova-pro-v1:0';

/** `name: value` lines; ratios with 3 decimals, counts as integers, n/a when a figure cannot be computed. */
export function formatFigures(figures: Record<string, number | null>): string[] {
  return Object.entries(figures).map(([name, v]) => {
    if (v === null || !Number.isFinite(v)) return `${name}: n/a`;
    return `${name}: ${Number.isInteger(v) ? String(v) : v.toFixed(3)}`;
  });
}

export const calibrateCommand = defineCommand({
  meta: {
    name: 'calibrate',
    description: 'Run a judge over a human-labelled set; print and store its agreement with the labels',
  },
  args: {
    judge: {
      type: 'positional',
      description: `judge scorer type: ${CALIBRATED_JUDGES.join(', ')}`,
      required: true,
    },
    labels: { type: 'string', description: 'labelled JSONL file (see datasets/judge-labels/README.md)' },
    model: { type: 'string', default: DEFAULT_JUDGE_MODEL, description: 'judge model id' },
    prompt: { type: 'string', description: 'judge prompt as name@version (default <judge>@<latest>)' },
    ...backendArgs,
    db: { type: 'string', default: 'out/evalgate.duckdb', description: 'DuckDB file' },
    concurrency: { type: 'string', default: '4', description: 'items judged at once' },
  },
  run: ({ args }) =>
    guard(async () => {
      const judge = args.judge as CalibratedJudge;
      if (!CALIBRATED_JUDGES.includes(judge))
        throw new EvalgateError(
          'USAGE',
          `unknown judge "${args.judge}" (calibrate one of: ${CALIBRATED_JUDGES.join(', ')})`,
        );
      if (!args.labels) throw new EvalgateError('USAGE', 'calibrate needs --labels FILE');
      const concurrency = Number(args.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new EvalgateError(
          'USAGE',
          `--concurrency must be a positive integer (got "${args.concurrency}")`,
        );
      const local = args.backend === 'local';
      if (local && !getLocalModel(args.model))
        throw new EvalgateError('USAGE', `--model ${args.model}: not a local model (use --backend aws)`);

      const opened = await openBackend({
        backend: local ? 'local' : 'aws',
        region: args.region,
        profile: args.profile,
        localEndpoint: args.endpoint,
      });
      const backend = opened.backend;
      const clients = new ClientPool(backend);
      const store = await openStore(resolve(args.db));
      try {
        process.stderr.write(`backend: ${describeBackend(backend)}\n`);
        const result = await calibrateJudge({
          judge,
          model: args.model,
          ...(args.prompt ? { prompt: args.prompt } : {}),
          ...(args.region ? { region: args.region } : {}),
          labelsFile: args.labels,
          provider: judgeProviderFor(clients),
          store,
          concurrency,
          backend: backend.kind,
        });
        const lines = [
          `calibration: ${result.calibrationId}`,
          `judge: ${result.promptId} on ${result.judgeModel}`,
          `labels: ${result.labelsFile} (sha256 ${result.labelsSha256.slice(0, 12)})`,
          ...formatFigures(result.figures),
          `stored: ${args.db} (tables calibrations, calibration_items)`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return EXIT.ok;
      } finally {
        await store.close();
        clients.destroy();
        await opened.close();
      }
    }),
});
