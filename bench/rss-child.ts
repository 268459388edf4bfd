/**
 * Child process of the RSS bench: runs one suite file through the runner against a given endpoint and prints
 * one JSON line with its peak RSS (`process.resourceUsage().maxRSS`, KB; the parent's memory is not
 * counted) and a condensed memory timeline (see _rss-timeline.ts).
 * argv: suiteFile dbPath endpoint.
 */
import './_env.ts';
import { condense, MemTimeline } from './_rss-timeline.ts';
import { runSuiteFile, tallyRun } from './_run.ts';

const [suiteFile, dbPath, endpoint] = process.argv.slice(2);
if (!suiteFile || !dbPath || !endpoint) throw new Error('usage: rss-child.ts SUITE DB ENDPOINT');
const timeline = new MemTimeline();
timeline.phase('scan');
const run = await runSuiteFile(suiteFile, dbPath, endpoint, {
  progress: timeline.progress(),
  beforeClose: () => timeline.phase('close'),
});
timeline.phase('done');
const maxRssKB = process.resourceUsage().maxRSS;
const mem = process.memoryUsage();
globalThis.gc?.();
const heapAfterGc = process.memoryUsage().heapUsed;
const tally = await tallyRun(dbPath, run.runId);
process.stdout.write(
  `${JSON.stringify({
    maxRssKB,
    ms: run.ms,
    ok: tally.ok,
    keys: tally.keys,
    heapUsed: mem.heapUsed,
    heapAfterGc,
    external: mem.external,
    rssEnd: mem.rss,
    timeline: condense(timeline.stop()),
  })}\n`,
);
