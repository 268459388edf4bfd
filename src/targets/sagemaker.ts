/**
 * SageMaker real-time endpoints through @aws-sdk/client-sagemaker-runtime:
 * - `api: sagemaker`: InvokeEndpoint;
 * - `api: sagemaker-stream`: InvokeEndpointWithResponseStream (records time to first token, and the
 *   inter-token gaps' p50/max in `raw.interTokenMs`).
 * `endpoint.variant` / `endpoint.inferenceComponent` pin TargetVariant / InferenceComponentName, so variants of
 * one endpoint are separate candidates. The payload format (tgi, lmi, openai, custom mapping) is in
 * ./sagemaker/payload.ts. `raw.hardware` carries instance type, count, price per hour and the target's
 * concurrency for the cost scorer.
 */
import {
  InvokeEndpointCommand,
  InvokeEndpointWithResponseStreamCommand,
  type ModelError,
} from '@aws-sdk/client-sagemaker-runtime';
import { EvalgateError } from '../core/errors.ts';
import type { Target, TargetResponse } from '../core/types.ts';
import { ensureLocalEndpoint } from './sagemaker/local-registration.ts';
import { payloadCodec, ResponseMappingError, readResponse } from './sagemaker/payload.ts';
import { EndpointSchema, type EndpointSpec, endpointPricePerHour } from './sagemaker/spec.ts';
import { gapSummary, StreamDecoder } from './sagemaker/stream.ts';
import type { TargetDefinition, TargetSpec } from './types.ts';

/** A target-side failure of one call, named by target (the runner adds the case); `name` is the stored class. */
export class EndpointCallError extends EvalgateError {
  constructor(name: string, targetId: string, message: string) {
    super('TARGET', message, `target "${targetId}"`);
    this.name = name;
  }
}

function _endpoint(spec: TargetSpec): EndpointSpec {
  const r = EndpointSchema.safeParse(spec.endpoint);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = ['endpoint', ...(issue?.path ?? [])].join('.');
  throw new EvalgateError(
    'TARGET',
    `target "${spec.id}": ${path}: ${issue?.message ?? `api ${spec.api} needs endpoint`}`,
  );
}

/** Re-raise what a call failed with: mapping errors and container 4xx answers as one-line EndpointCallErrors. */
function _rethrow(targetId: string, err: unknown): never {
  if (err instanceof ResponseMappingError)
    throw new EndpointCallError('ResponseMappingError', targetId, err.message);
  const e = err as Partial<ModelError> | undefined;
  const status = e?.name === 'ModelError' ? e.OriginalStatusCode : undefined;
  if (status !== undefined && status >= 400 && status < 500) {
    const original = (e?.OriginalMessage ?? e?.message ?? '').replace(/\s+/g, ' ').slice(0, 300);
    throw new EndpointCallError(
      'ModelError',
      targetId,
      `the container rejected the request (${status}): ${original}`,
    );
  }
  throw err;
}

export const sagemakerTarget: TargetDefinition = {
  apis: ['sagemaker', 'sagemaker-stream'],
  description:
    'SageMaker real-time endpoints (InvokeEndpoint / WithResponseStream) through client-sagemaker-runtime',
  create(spec, clients): Target {
    const endpoint = _endpoint(spec);
    const codec = payloadCodec(endpoint);
    const client = clients.sagemakerRuntime(spec.region);
    const streaming = spec.api === 'sagemaker-stream';
    const hardware = {
      ...(endpoint.instanceType ? { instanceType: endpoint.instanceType } : {}),
      ...endpointPricePerHour(endpoint, spec.region ?? clients.backend.region),
      instanceCount: endpoint.instanceCount,
      concurrency: spec.concurrency ?? 1,
    };
    const common = {
      EndpointName: endpoint.name,
      ContentType: 'application/json',
      ...(endpoint.variant ? { TargetVariant: endpoint.variant } : {}),
      ...(endpoint.inferenceComponent ? { InferenceComponentName: endpoint.inferenceComponent } : {}),
    };
    return {
      id: spec.id,
      kind: streaming ? 'sagemaker-endpoint-stream' : 'sagemaker-endpoint',
      modelId: spec.model,
      async invoke(request, signal): Promise<TargetResponse> {
        await ensureLocalEndpoint(spec.id, endpoint, spec.baseDir, clients);
        const body = new TextEncoder().encode(JSON.stringify(codec.body(request, streaming)));
        const started = performance.now();
        try {
          if (!streaming) {
            const out = await client.send(
              new InvokeEndpointCommand({ ...common, Body: body, Accept: 'application/json' }),
              {
                abortSignal: signal,
              },
            );
            const latencyMs = performance.now() - started;
            const read = readResponse(codec, new TextDecoder().decode(out.Body));
            return {
              text: read.text,
              ...(read.usage ? { usage: read.usage } : {}),
              timing: { latencyMs },
              raw: { invokedVariant: out.InvokedProductionVariant, format: codec.format, hardware },
            };
          }
          const out = await client.send(
            new InvokeEndpointWithResponseStreamCommand({
              ...common,
              Body: body,
              Accept: 'application/json',
            }),
            { abortSignal: signal },
          );
          const decoder = new StreamDecoder(codec, started);
          for await (const event of out.Body ?? []) {
            if (event.PayloadPart?.Bytes) decoder.push(event.PayloadPart.Bytes);
          }
          const result = decoder.finish();
          return {
            text: result.text,
            ...(result.usage ? { usage: result.usage } : {}),
            timing: {
              latencyMs: performance.now() - started,
              ...(result.ttftMs !== undefined ? { ttftMs: result.ttftMs } : {}),
            },
            raw: {
              invokedVariant: out.InvokedProductionVariant,
              format: codec.format,
              parts: result.parts,
              interTokenMs: gapSummary(result.gapsMs),
              hardware,
            },
          };
        } catch (err) {
          _rethrow(spec.id, err);
        }
      },
    };
  },
};
