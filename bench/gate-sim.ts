/**
 * Gate simulation figures (issue 8, acceptance 1; see src/sim/gate-sim.ts for the design and the margin's
 * arithmetic): 500 A/A comparisons and 500 planted 5-point drops on 200 cases, through the AWS SDK and the
 * in-process local backend with model sampling on (nova-lite, temperature 0.5, seed 1): 208,200 requests, about
 * 4–10 minutes on a 2-core machine. EVALGATE_BENCH_GATE_SIM_TRIALS=100 runs fewer trials per arm.
 */
import { runGateSim } from '../src/sim/gate-sim.ts';
import { figure, note } from './_util.ts';

export async function benchGateSim(
  trials = Number(process.env.EVALGATE_BENCH_GATE_SIM_TRIALS ?? 500),
): Promise<void> {
  const r = await runGateSim({
    aaTrials: trials,
    dropTrials: trials,
    seed: 1,
    onTrial: (kind, done) => {
      if (kind === 'aa' && done % 100 === 0) note(`gate-sim: ${done}/${trials} trials`);
    },
  });
  note(
    `gate-sim: ${r.model} at temperature ${r.temperature}, ${r.cases} cases, baseline accuracy ` +
      `${(r.baselineAccuracy * 100).toFixed(1)} %, ${r.reliableCases} reliably passing, dropped: ` +
      `${r.droppedCases.join(', ')}; ${r.requests} requests in ${r.seconds.toFixed(0)} s`,
  );
  figure('gate_sim_aa_false_rollback', r.aa.rate);
  figure('gate_sim_aa_target_max', 0.05);
  figure('gate_sim_drop_detection', r.drop.rate);
  figure('gate_sim_drop_target_min', 0.8);
  figure('gate_sim_margin', r.margin);
  figure('gate_sim_discordance_aa', r.aa.meanDiscordant);
  figure('gate_sim_drop_mean_diff', r.drop.meanDiff);
  figure('gate_sim_predicted_false_rollback', r.predicted.falseRollback);
  figure('gate_sim_predicted_detection', r.predicted.detection);
  figure('gate_sim_trials', trials);
}
