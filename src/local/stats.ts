/** Request counters of the local backend, total and per model. */
import type { BackendStats, ModelStats } from './types.ts';

function _emptyModel(): ModelStats {
  return { requests: 0, ok: 0, throttled: 0, errors: {}, streamCuts: 0, inputTokens: 0, outputTokens: 0 };
}

export class StatsCollector {
  private s: BackendStats = StatsCollector.empty();

  static empty(): BackendStats {
    return { requests: 0, ok: 0, throttled: 0, errors: {}, streamCuts: 0, models: {}, protocols: {} };
  }

  private model(id: string): ModelStats {
    let m = this.s.models[id];
    if (!m) {
      m = _emptyModel();
      this.s.models[id] = m;
    }
    return m;
  }

  request(modelId: string, protocol: string): void {
    this.s.requests++;
    this.s.protocols[protocol] = (this.s.protocols[protocol] ?? 0) + 1;
    this.model(modelId).requests++;
  }

  ok(modelId: string, inputTokens: number, outputTokens: number): void {
    this.s.ok++;
    const m = this.model(modelId);
    m.ok++;
    m.inputTokens += inputTokens;
    m.outputTokens += outputTokens;
  }

  error(modelId: string, name: string): void {
    const m = this.model(modelId);
    this.s.errors[name] = (this.s.errors[name] ?? 0) + 1;
    m.errors[name] = (m.errors[name] ?? 0) + 1;
    if (name === 'ThrottlingException') {
      this.s.throttled++;
      m.throttled++;
    }
  }

  streamCut(modelId: string): void {
    this.s.streamCuts++;
    this.model(modelId).streamCuts++;
  }

  /** A deep copy, safe to hand out. */
  snapshot(): BackendStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = StatsCollector.empty();
  }
}
