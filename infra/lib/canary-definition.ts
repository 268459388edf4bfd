/**
 * The metric-gated canary as a Step Functions definition. Per stage N (in order):
 *   `Shift to N%`  — SageMaker UpdateEndpointWeightsAndCapacities (canary variant N, baseline 100 − N), an AWS SDK
 *                    integration on the endpoint's ARN only; retried while the endpoint is still updating;
 *   `Mark N%`      — records when the stage began (`$.stage.startedAt`);
 *   `Wait N%`      — the stage's wait;
 *   `Gate N%`      — CodeBuild StartBuild .sync of the gate job with STAGE=N (`buildspec.ts`): a failed build is a
 *                    failing verdict.
 * Any failure → `Roll back` (weights back to baseline 100 %) → `Notify rollback` (SNS) → `Rolled back` (Fail).
 * After the last stage (100 %) → `Notify promote` (SNS) → `Promoted` (Succeed).
 */
import { Duration } from 'aws-cdk-lib';
import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

export interface CanaryDefinitionProps {
  stages: readonly number[];
  waitMinutes: number;
  endpointName: string;
  endpointArn: string;
  baselineVariant: string;
  canaryVariant: string;
  gateProject: codebuild.IProject;
  topic: sns.ITopic;
}

const _SAGEMAKER_BUSY = ['SageMaker.AmazonSageMakerException'];

function _shift(scope: Construct, id: string, p: CanaryDefinitionProps, canaryWeight: number) {
  const task = new tasks.CallAwsService(scope, id, {
    service: 'sagemaker',
    action: 'updateEndpointWeightsAndCapacities',
    parameters: {
      EndpointName: p.endpointName,
      DesiredWeightsAndCapacities: [
        { VariantName: p.canaryVariant, DesiredWeight: canaryWeight },
        { VariantName: p.baselineVariant, DesiredWeight: 100 - canaryWeight },
      ],
    },
    iamAction: 'sagemaker:UpdateEndpointWeightsAndCapacities',
    iamResources: [p.endpointArn],
    resultPath: sfn.JsonPath.DISCARD,
  });
  // the endpoint refuses a new update while the previous one is in progress
  task.addRetry({
    errors: _SAGEMAKER_BUSY,
    interval: Duration.seconds(30),
    maxAttempts: 10,
    backoffRate: 1.5,
  });
  return task;
}

function _notify(scope: Construct, id: string, p: CanaryDefinitionProps, verdict: 'promote' | 'rollback') {
  const detail =
    verdict === 'promote' ? { stages: [...p.stages] } : { error: sfn.JsonPath.objectAt('$.error') };
  return new tasks.SnsPublish(scope, id, {
    topic: p.topic,
    subject: `evalgate canary: ${verdict} (${p.endpointName})`,
    message: sfn.TaskInput.fromObject({
      verdict,
      endpoint: p.endpointName,
      canaryVariant: p.canaryVariant,
      baselineVariant: p.baselineVariant,
      execution: sfn.JsonPath.stringAt('$$.Execution.Id'),
      ...detail,
    }),
    resultPath: sfn.JsonPath.DISCARD,
  });
}

/** The whole canary chain, starting at the first stage's shift. */
export function canaryDefinition(scope: Construct, p: CanaryDefinitionProps): sfn.IChainable {
  const notifyRollback = _notify(scope, 'Notify rollback', p, 'rollback').next(
    new sfn.Fail(scope, 'Rolled back', {
      error: 'CanaryRolledBack',
      cause: 'a stage failed its gate or could not run',
    }),
  );
  const rollback = _shift(scope, 'Roll back', p, 0);
  // a rollback that cannot be applied is still notified (the message carries the error)
  rollback.addCatch(notifyRollback, { resultPath: '$.error' });
  rollback.next(notifyRollback);
  const onFailure = { errors: [sfn.Errors.ALL], resultPath: '$.error' };

  const promote = _notify(scope, 'Notify promote', p, 'promote').next(new sfn.Succeed(scope, 'Promoted'));
  let next: sfn.IChainable = promote;
  for (const stage of [...p.stages].reverse()) {
    const shift = _shift(scope, `Shift to ${stage}%`, p, stage).addCatch(rollback, onFailure);
    const mark = new sfn.Pass(scope, `Mark ${stage}%`, {
      parameters: { 'startedAt.$': '$$.State.EnteredTime', percent: stage },
      resultPath: '$.stage',
    });
    const wait = new sfn.Wait(scope, `Wait ${stage}%`, {
      time: sfn.WaitTime.duration(Duration.minutes(p.waitMinutes)),
    });
    const gate = new tasks.CodeBuildStartBuild(scope, `Gate ${stage}%`, {
      project: p.gateProject,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      environmentVariablesOverride: {
        STAGE: { value: String(stage) },
        STAGE_STARTED: { value: sfn.JsonPath.stringAt('$.stage.startedAt') },
        EXECUTION: { value: sfn.JsonPath.stringAt('$$.Execution.Name') },
      },
      resultPath: sfn.JsonPath.DISCARD,
    }).addCatch(rollback, onFailure);
    next = shift.next(mark).next(wait).next(gate).next(next);
  }
  return next;
}
