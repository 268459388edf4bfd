/**
 * The CodeBuild buildspecs (plain objects, `BuildSpec.fromObject`). Both jobs clone the repo (NO_SOURCE project:
 * `SOURCE_REPO` / `SOURCE_BRANCH`), install Node 20 + pnpm, and run the evalgate CLI against AWS. Project
 * environment variables carry the bucket, topic and the rest, so the buildspec text holds no resource names.
 *
 * Nightly: `evalgate run SUITES --backend aws --emf -` on the results database fetched from the bucket, Parquet
 * export of this night's runs, copy of the output folder to `runs/YYYY-MM-DD/<build number>/`, the database back
 * to `db/evalgate.duckdb`; a rollback verdict (exit 1) is published to the topic; exit 2 fails the build.
 *
 * Canary gate (one stage, `STAGE`): the quality suites (their own gate rules, e.g. non-inferiority of the canary
 * variant), then the endpoint's live metrics from CloudWatch since the stage began (`STAGE_STARTED`) judged by
 * `evalgate gate --stage N --metrics live.json --policy …`; the verdicts go to `canary/<execution>/stage-N/`. Any
 * failing verdict fails the build, which the state machine turns into a rollback.
 */

const PNPM = 'pnpm@12';

function _install(): Record<string, unknown> {
  return {
    'runtime-versions': { nodejs: 20 },
    commands: [
      `npm install --global ${PNPM}`,
      'git clone --depth 1 --branch "$SOURCE_BRANCH" "$SOURCE_REPO" "$CODEBUILD_SRC_DIR/evalgate"',
      'cd "$CODEBUILD_SRC_DIR/evalgate" && pnpm install --frozen-lockfile',
    ],
  };
}

/** The nightly script (bash): exit 0 promote or rollback (notified), 2 could not evaluate or store. */
export const NIGHTLY_SCRIPT = `set -uo pipefail
cd "$CODEBUILD_SRC_DIR/evalgate"
dest="s3://$RESULTS_BUCKET/runs/$(date -u +%Y-%m-%d)/$CODEBUILD_BUILD_NUMBER"
mkdir -p out
aws s3 cp "s3://$RESULTS_BUCKET/$DB_KEY" out/evalgate.duckdb --only-show-errors || echo "no results database yet: starting one"
pnpm evalgate run $SUITES --backend aws --region "$AWS_REGION" --out out --emf -
rc=$?
if [ "$rc" -ge 2 ]; then echo "evalgate run could not evaluate (exit $rc)"; exit 2; fi
runs=$(cd out && ls -d */ 2>/dev/null | tr -d / | paste -sd, -)
pnpm evalgate export --parquet out/parquet --run "$runs" --db out/evalgate.duckdb --location "$dest/parquet" || exit 2
aws s3 cp out "$dest" --recursive --only-show-errors || exit 2
aws s3 cp out/evalgate.duckdb "s3://$RESULTS_BUCKET/$DB_KEY" --only-show-errors || exit 2
if [ "$rc" -eq 1 ]; then
  aws sns publish --topic-arn "$TOPIC_ARN" --subject "evalgate nightly: rollback" \\
    --message "The nightly evaluation's gate says rollback (runs $runs). Reports and verdicts: $dest/" || exit 2
fi
exit 0`;

export function nightlyBuildSpec(): Record<string, unknown> {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: { install: _install(), build: { commands: [NIGHTLY_SCRIPT] } },
  };
}

/** The gate script (bash) for one canary stage: exit 0 promote, non-zero rollback. */
export const GATE_SCRIPT = `set -uo pipefail
cd "$CODEBUILD_SRC_DIR/evalgate"
dest="s3://$RESULTS_BUCKET/canary/$EXECUTION/stage-$STAGE"
mkdir -p out
printf '%s\\n' "$CANARY_POLICY" > out/canary.policy.json
pnpm evalgate run $SUITES --backend aws --region "$AWS_REGION" --out out
quality=$?
queries=$(pnpm --silent exec tsx infra/bin/live-metrics.ts queries) || exit 2
aws cloudwatch get-metric-data --region "$AWS_REGION" --metric-data-queries "$queries" \\
  --start-time "$STAGE_STARTED" --end-time "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \\
  --output json > out/cloudwatch.json || exit 2
pnpm --silent exec tsx infra/bin/live-metrics.ts live out/cloudwatch.json > out/live.json || exit 2
pnpm evalgate gate --stage "$STAGE" --metrics out/live.json --policy out/canary.policy.json --out out/stage-verdict.json
live=$?
aws s3 cp out "$dest" --recursive --only-show-errors || exit 2
echo "stage $STAGE: quality exit $quality, live metrics exit $live"
if [ "$quality" -ne 0 ] || [ "$live" -ne 0 ]; then exit 1; fi
exit 0`;

export function gateBuildSpec(): Record<string, unknown> {
  return {
    version: '0.2',
    env: { shell: 'bash' },
    phases: { install: _install(), build: { commands: [GATE_SCRIPT] } },
  };
}

/** The stand-alone policy file the gate job writes (JSON is YAML): the canary's stages and live-metric rules. */
export function canaryPolicy(stages: readonly number[], candidate: string, baseline: string): string {
  return JSON.stringify({
    candidate,
    baseline,
    canary: {
      stages,
      rules: [
        { metric: 'error_rate', max: 0.01 },
        { metric: 'p99_ms', maxRatio: 2 },
      ],
    },
  });
}
