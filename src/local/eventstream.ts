/** AWS event-stream frames (application/vnd.amazon.eventstream), encoded with the SDK's own codec. */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const _codec = new EventStreamCodec(toUtf8, fromUtf8);

function _str(value: string): { type: 'string'; value: string } {
  return { type: 'string', value };
}

/** An `event` frame: `:event-type=<member>`, JSON body. */
export function eventFrame(member: string, payload: unknown): Uint8Array {
  return _codec.encode({
    headers: {
      ':message-type': _str('event'),
      ':event-type': _str(member),
      ':content-type': _str('application/json'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** An `exception` frame: `:exception-type=<member>` (e.g. `modelStreamErrorException`), JSON body. */
export function exceptionFrame(member: string, payload: unknown): Uint8Array {
  return _codec.encode({
    headers: {
      ':message-type': _str('exception'),
      ':exception-type': _str(member),
      ':content-type': _str('application/json'),
    },
    body: fromUtf8(JSON.stringify(payload)),
  });
}

/** InvokeModelWithResponseStream `chunk` event: `{"bytes": base64(JSON of the model's own chunk)}`. */
export function chunkFrame(modelChunk: unknown): Uint8Array {
  return eventFrame('chunk', { bytes: Buffer.from(JSON.stringify(modelChunk)).toString('base64') });
}
