/**
 * Gate simulation (issue 8, acceptance 1): does the non-inferiority gate leave an unchanged system alone and
 * catch a real 5-point drop? Everything goes through the real path: the AWS SDK's BedrockRuntimeClient
 * (Converse) against the local backend in this process (latencyScale 0) with model sampling on
 * (`faults.sampling`, MODELS.md "Sampling"), 200 cases of src/sim/dataset.ts graded by a deterministic rule.
 *
 * - A/A: each trial runs the same system twice (nova-lite, temperature τ = 0.5) → 0/1 per case → paired
 *   bootstrap 95 % CI of candidate − baseline → rollback unless low > −margin. Any rollback is false. The
 *   decision is the product's own: src/compare pairs the runs, src/gate's evaluateGate judges a policy with one
 *   `nonInferiority` rule (gate-path.ts).
 * - Planted drop: a pilot (16 baseline runs) finds the cases the system passes every time; a fixed seeded 5 %
 *   of all cases (10 of 200) is drawn from them, and the candidate sends those without their context (→ "I don't
 *   know"): a real 5-point drop. Each trial: one baseline run, one candidate run, same rule. Any rollback detects.
 *   To halve the requests, drop trial t reuses A/A trial t's runs: baseline = its first run, candidate = its
 *   second run with the 10 dropped cases asked again without context (the candidate answers the other 190 cases
 *   exactly as the unchanged system does, so this is a correct draw of the candidate's run). Each arm's trials
 *   stay independent; only the two arms' trial t are correlated, which leaves each rate unbiased.
 *
 * Why τ = 0.5: with the sampling rule's spread 0.1 it gives E[discordant pairs] ≈ 10 of 200 per A/A comparison
 * (5 % of cases flip between two runs: close calls flip, clear cases do not), computed exactly from the engine's
 * sampling probabilities over these cases (micro 19, lite 10, pro 12 at τ = 0.5; lite 14 at τ = 0.7).
 *
 * The margin, by arithmetic (normal approximation, n = 200, D = 10 discordant pairs, δ = 0.05):
 *   A/A paired diff: mean 0, SE s = √D / n = √10 / 200 = 0.0158.
 *   False rollback = P(diff − 1.96·s < −m) = Φ(1.96 − m/s); ≤ 5 % needs m ≥ 3.6·s = 0.057.
 *   Drop: diff ~ N(−δ, s) (the 10 dropped cases are always discordant, adding no randomness) while the bootstrap
 *   sees SE s′ = √(((D + 10)/n − δ²)/n) = 0.0222; detection = Φ((δ − m + 1.96·s′)/s) (the cruder
 *   Φ((δ − m)/s′ + 1.96) is printed too).
 *   Balancing the two errors, 1.96 − m/s = −(δ − m + 1.96·s′)/s, gives m = δ/2 + 0.98·(s + s′) = 0.062.
 *   The normal form is optimistic here: the percentile bootstrap under-covers with ~10 discordant pairs, and
 *   an in-memory Monte Carlo of this rule with the engine's exact per-case pass probabilities (3,000 trials)
 *   gave 5.8 % false rollbacks at m = 0.06 where the formula says 3.6 %. So the margin aims the formula at half
 *   the target, Φ(1.96 − m/s) = 2.5 % → m = 3.92·s = 0.062, rounded UP: MARGIN = 0.065 → predicted false
 *   rollback Φ(1.96 − 4.11) = 1.6 % (Monte Carlo 3.1 %), detection Φ((0.05 − 0.065 + 0.0435)/0.0158) = 96 %
 *   (90 % by the cruder form; Monte Carlo 97 %). The run prints the predictions at the discordance it actually
 *   observed next to the observed rates.
 */
import { Agent } from 'node:http';
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { startLocalBackend } from '../local/index.ts';
import { mulberry32 } from '../local/prng.ts';
import { sdkClientOptions } from '../targets/backend.ts';
import { passes, type SimCase, simCases, userMessage } from './dataset.ts';
import { type PredictedRates, predictRates } from './decision.ts';
import { gateNonInferiority } from './gate-path.ts';

export const SIM_MARGIN = 0.065;
export const SIM_TEMPERATURE = 0.5;
export const SIM_MODEL = 'amazon.nova-lite-v1:0';

export interface GateSimOptions {
  aaTrials?: number;
  dropTrials?: number;
  /** Dataset size (default 200). */
  cases?: number;
  /** Backend sampling seed (default 1); the drop set and bootstraps derive from it too. */
  seed?: number;
  temperature?: number;
  margin?: number;
  concurrency?: number;
  /** Baseline runs of the pilot that finds reliably passing cases (default 16). */
  pilotRuns?: number;
  /** Fraction of all cases planted to fail (default 0.05). */
  drop?: number;
  resamples?: number;
  /** Called after each trial (progress notes). */
  onTrial?: (kind: 'aa' | 'drop', done: number) => void;
}

export interface ArmResult {
  trials: number;
  rollbacks: number;
  /** rollbacks / trials: the false rollback rate (A/A) or the detection rate (drop). */
  rate: number;
  /** Mean discordant pairs (b + c) per comparison. */
  meanDiscordant: number;
  /** Mean of candidate − baseline over trials. */
  meanDiff: number;
}

export interface GateSimResult {
  model: string;
  cases: number;
  temperature: number;
  margin: number;
  /** Mean baseline pass rate over the pilot runs. */
  baselineAccuracy: number;
  reliableCases: number;
  droppedCases: string[];
  aa: ArmResult;
  drop: ArmResult;
  /** Normal-approximation predictions at the observed A/A discordance. */
  predicted: PredictedRates;
  requests: number;
  seconds: number;
}

type CaseRun = (c: SimCase, withContext: boolean) => Promise<boolean>;

async function _mapLimit<T, R>(items: readonly T[], limit: number, fn: (t: T, i: number) => Promise<R>) {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

function _arm(trials: number, rollbacks: number, discordant: number, diff: number): ArmResult {
  const t = Math.max(1, trials);
  return { trials, rollbacks, rate: rollbacks / t, meanDiscordant: discordant / t, meanDiff: diff / t };
}

/** Pick k of `from` by a seeded shuffle. */
function _pick<T>(from: readonly T[], k: number, seed: number): T[] {
  const xs = [...from];
  const rand = mulberry32(seed);
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [xs[i], xs[j]] = [xs[j] as T, xs[i] as T];
  }
  return xs.slice(0, k);
}

export async function runGateSim(opts: GateSimOptions = {}): Promise<GateSimResult> {
  const t0 = performance.now();
  const seed = opts.seed ?? 1;
  const temperature = opts.temperature ?? SIM_TEMPERATURE;
  const margin = opts.margin ?? SIM_MARGIN;
  const concurrency = opts.concurrency ?? 32;
  const cases = simCases(opts.cases ?? 200);
  const backend = await startLocalBackend({ faults: { latencyScale: 0, sampling: { seed } } });
  // HTTP/1.1 keep-alive: about twice the requests per CPU second of the default HTTP/2 handler here.
  const client = new BedrockRuntimeClient({
    ...sdkClientOptions({ kind: 'local', endpoint: backend.url, region: 'us-east-1' }),
    requestHandler: new NodeHttpHandler({
      httpAgent: new Agent({ keepAlive: true, maxSockets: concurrency }),
    }),
  });
  const runCase: CaseRun = async (c, withContext) => {
    const out = await client.send(
      new ConverseCommand({
        modelId: SIM_MODEL,
        messages: [{ role: 'user', content: [{ text: userMessage(c, withContext) }] }],
        inferenceConfig: { temperature, maxTokens: 1000 },
      }),
    );
    const text = out.output?.message?.content?.map((b) => b.text ?? '').join('') ?? '';
    return passes(text, c);
  };
  const run = async (dropped: ReadonlySet<string>): Promise<number[]> =>
    (await _mapLimit(cases, concurrency, (c) => runCase(c, !dropped.has(c.id)))).map((p) => (p ? 1 : 0));
  const none = new Set<string>();
  const caseIds = cases.map((c) => c.id);
  try {
    // Pilot: which cases does the unchanged system pass every time?
    const passCount = new Array<number>(cases.length).fill(0);
    const pilotRuns = opts.pilotRuns ?? 16;
    for (let r = 0; r < pilotRuns; r++) {
      const passed = await run(none);
      for (const [i, v] of passed.entries()) passCount[i] = (passCount[i] ?? 0) + v;
    }
    const reliable = cases.filter((_, i) => passCount[i] === pilotRuns).map((c) => c.id);
    const k = Math.round((opts.drop ?? 0.05) * cases.length);
    if (reliable.length < k) throw new Error(`gate-sim: only ${reliable.length} reliable cases, need ${k}`);
    const droppedCases = _pick(reliable, k, seed + 7919);
    const dropped = new Set(droppedCases);
    const accuracy = passCount.reduce((a, v) => a + v, 0) / (pilotRuns * cases.length);

    const tally = { aa: { n: 0, r: 0, d: 0, diff: 0 }, drop: { n: 0, r: 0, d: 0, diff: 0 } };
    const judge = (kind: 'aa' | 'drop', base: number[], cand: number[], t: number): void => {
      const d = gateNonInferiority(caseIds, base, cand, { margin, seed: t + 1, resamples: opts.resamples });
      const a = tally[kind];
      a.n++;
      if (d.decision === 'rollback') a.r++;
      a.d += d.b + d.c;
      a.diff += d.ci.mean;
      opts.onTrial?.(kind, a.n);
    };
    const aaTrials = opts.aaTrials ?? 500;
    const dropTrials = opts.dropTrials ?? 500;
    const droppedIdx = cases.flatMap((c, i) => (dropped.has(c.id) ? [i] : []));
    for (let t = 0; t < Math.max(aaTrials, dropTrials); t++) {
      const base = await run(none);
      const other = await run(none);
      if (t < aaTrials) judge('aa', base, other, t);
      if (t < dropTrials) {
        // The candidate answers the unchanged cases exactly as the baseline system does, so its run is `other`
        // with the dropped cases asked again without their context.
        const cand = [...other];
        const answers = await _mapLimit(droppedIdx, concurrency, (i) => runCase(cases[i] as SimCase, false));
        for (const [j, i] of droppedIdx.entries()) cand[i] = answers[j] ? 1 : 0;
        judge('drop', base, cand, t);
      }
    }
    const aa = _arm(tally.aa.n, tally.aa.r, tally.aa.d, tally.aa.diff);
    const drop = _arm(tally.drop.n, tally.drop.r, tally.drop.d, tally.drop.diff);
    return {
      model: SIM_MODEL,
      cases: cases.length,
      temperature,
      margin,
      baselineAccuracy: accuracy,
      reliableCases: reliable.length,
      droppedCases,
      aa,
      drop,
      predicted: predictRates(cases.length, aa.meanDiscordant, margin, k / cases.length),
      requests: backend.stats().requests,
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    client.destroy();
    await backend.close();
  }
}
