/**
 * Decoding InvokeEndpointWithResponseStream: PayloadPart bytes are a byte stream split anywhere (a line may span
 * parts), so they are buffered and cut into lines; each non-empty line, after an optional SSE `data:` prefix
 * (and skipping `[DONE]`, comments and `event:`/`id:` fields), is one JSON document. The codec's stream path
 * gives its text delta; token counts are taken from any line that has them.
 */
import type { TokenUsage } from '../../core/types.ts';
import { countAt, type PayloadCodec, ResponseMappingError, textAt, usageOf } from './payload.ts';

export interface StreamResult {
  text: string;
  usage?: TokenUsage;
  /** Milliseconds from send to the first non-empty text delta. */
  ttftMs?: number;
  /** Gaps between consecutive non-empty text deltas, ms. */
  gapsMs: number[];
  parts: number;
}

const _SKIP = /^(?::|event:|id:|retry:)/;

export class StreamDecoder {
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private text = '';
  private matched = false;
  private inputTokens: number | undefined;
  private outputTokens: number | undefined;
  private lastDeltaAt: number | undefined;
  private ttftMs: number | undefined;
  private readonly gapsMs: number[] = [];
  private parts = 0;

  constructor(
    private readonly codec: PayloadCodec,
    private readonly started: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Feed one PayloadPart's bytes. */
  push(bytes: Uint8Array): void {
    this.parts++;
    this.buffer += this.decoder.decode(bytes, { stream: true });
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      this._line(this.buffer.slice(0, nl));
      this.buffer = this.buffer.slice(nl + 1);
      nl = this.buffer.indexOf('\n');
    }
  }

  /** End of stream: flush a last line without newline; throws when no line carried the text path. */
  finish(): StreamResult {
    this.buffer += this.decoder.decode();
    this._line(this.buffer);
    this.buffer = '';
    if (!this.matched)
      throw new ResponseMappingError(
        `response stream has no ${this.codec.streamText.source} in any of its ${this.parts} parts`,
      );
    const usage = usageOf(this.inputTokens, this.outputTokens);
    return {
      text: this.text,
      ...(usage ? { usage } : {}),
      ...(this.ttftMs !== undefined ? { ttftMs: this.ttftMs } : {}),
      gapsMs: this.gapsMs,
      parts: this.parts,
    };
  }

  private _line(raw: string): void {
    let line = raw.trim();
    if (!line || _SKIP.test(line)) return;
    if (line.startsWith('data:')) line = line.slice(5).trim();
    if (!line || line === '[DONE]') return;
    let doc: unknown;
    try {
      doc = JSON.parse(line);
    } catch {
      throw new ResponseMappingError(
        `response stream line is not JSON: ${JSON.stringify(line.slice(0, 120))}`,
      );
    }
    const special = (doc as { token?: { special?: unknown } } | null)?.token?.special === true;
    const delta = special ? undefined : textAt(doc, this.codec.streamText);
    if (delta !== undefined) {
      this.matched = true;
      if (delta) {
        const t = this.now();
        if (this.lastDeltaAt === undefined) this.ttftMs = t - this.started;
        else this.gapsMs.push(t - this.lastDeltaAt);
        this.lastDeltaAt = t;
        this.text += delta;
      }
    }
    this.inputTokens = countAt(doc, this.codec.inputTokens) ?? this.inputTokens;
    this.outputTokens = countAt(doc, this.codec.outputTokens) ?? this.outputTokens;
  }
}

/** p50 and max of the inter-token gaps (ms, 0.1 ms resolution), for `raw`. */
export function gapSummary(gaps: readonly number[]): { count: number; p50Ms?: number; maxMs?: number } {
  if (gaps.length === 0) return { count: 0 };
  const sorted = [...gaps].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const p50 = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const r = (x: number) => Math.round(x * 10) / 10;
  return { count: gaps.length, p50Ms: r(p50), maxMs: r(sorted[sorted.length - 1]!) };
}
