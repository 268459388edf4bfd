#!/usr/bin/env node
import { defineCommand, runMain } from 'citty';

// evalgate targets Node 20; the SDK's notice that its 2027 releases need Node 22 is in the README, not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { tuneHeapGrowth } from '../runner/heap.ts';

import { calibrateCommand } from './commands/calibrate.ts';
import { compareCommand } from './commands/compare.ts';
import { exportCommand } from './commands/export.ts';
import { gateCommand } from './commands/gate.ts';
import { loadCommand } from './commands/load.ts';
import { localCommand } from './commands/local.ts';
import { mergeCommand } from './commands/merge.ts';
import { metricsCommand } from './commands/metrics.ts';
import { reportCommand } from './commands/report.ts';
import { runCommand } from './commands/run.ts';
import { selectCommand } from './commands/select.ts';
import { trendCommand } from './commands/trend.ts';

// full GCs before garbage piles up: a long run's heap stays near what is live (src/runner/heap.ts)
tuneHeapGrowth();

const main = defineCommand({
  meta: {
    name: 'evalgate',
    version: '0.1.0',
    description: 'Evaluate GenAI systems on AWS (or the local backend), store in DuckDB, report, gate',
  },
  subCommands: {
    run: runCommand,
    report: reportCommand,
    gate: gateCommand,
    compare: compareCommand,
    local: localCommand,
    calibrate: calibrateCommand,
    metrics: metricsCommand,
    load: loadCommand,
    trend: trendCommand,
    select: selectCommand,
    export: exportCommand,
    merge: mergeCommand,
  },
});

runMain(main);
