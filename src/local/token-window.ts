/**
 * A tokens-per-minute quota as a sliding window, the way Bedrock meters it: a request is admitted with a
 * reservation of its estimated tokens (input tokens + maxTokens, or a default output allowance), and is
 * throttled when the tokens of the last 60 s plus that reservation would exceed the quota. Once the real
 * usage is known the reservation is corrected (`settle`), so the window holds the tokens actually used.
 */

/** Output tokens reserved for a request that sets no maxTokens. */
export const DEFAULT_OUTPUT_RESERVATION = 1000;

/** The window length, ms. */
export const TOKEN_WINDOW_MS = 60_000;

/** One admitted request in the window; `settle` updates its tokens. */
export interface TokenEntry {
  readonly at: number;
  tokens: number;
  expired: boolean;
}

/** The reservation for one request: its input tokens plus its output allowance. */
export function estimateTokens(inputTokens: number, maxTokens: number | undefined): number {
  return inputTokens + (maxTokens ?? DEFAULT_OUTPUT_RESERVATION);
}

export class TokenWindow {
  private readonly entries: TokenEntry[] = [];
  private head = 0;
  private sum = 0;

  constructor(
    private readonly tokensPerMinute: number,
    private readonly now: () => number,
    private readonly windowMs = TOKEN_WINDOW_MS,
  ) {}

  /** Tokens counted in the window right now. */
  used(): number {
    this._expire(this.now());
    return this.sum;
  }

  /** Admit a request reserving `tokens`, or return undefined (throttle) when the quota would be exceeded. */
  tryAdmit(tokens: number): TokenEntry | undefined {
    const t = this.now();
    this._expire(t);
    if (this.sum + tokens > this.tokensPerMinute) return undefined;
    const entry: TokenEntry = { at: t, tokens, expired: false };
    this.entries.push(entry);
    this.sum += tokens;
    return entry;
  }

  /** Replace an admitted request's reservation by its real token count (0 releases it). */
  settle(entry: TokenEntry, tokens: number): void {
    if (!entry.expired) this.sum += tokens - entry.tokens;
    entry.tokens = tokens;
  }

  private _expire(t: number): void {
    while (this.head < this.entries.length) {
      const e = this.entries[this.head];
      if (!e || e.at > t - this.windowMs) break;
      e.expired = true;
      this.sum -= e.tokens;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
  }
}
