import type { Endpoint } from "@nats-io/services";

/** One method's counters, reported through `$SRV.STATS`. */
export class MethodStats {
  readonly kind: string;
  calls = 0;
  errors = 0;
  inFlight = 0;
  /** Sum of call durations, in ns. */
  totalNs = 0;
  lastError: string | undefined;

  constructor(kind: string) {
    this.kind = kind;
  }

  /** A call began; returns its start time. */
  begin(): number {
    this.inFlight += 1;
    return performance.now();
  }

  /** A call that began at `started` ended, with `error` when it failed. */
  end(started: number, error: string | undefined): void {
    this.inFlight -= 1;
    this.calls += 1;
    this.totalNs += Math.round((performance.now() - started) * 1e6);
    if (error !== undefined) {
      this.errors += 1;
      this.lastError = error;
    }
  }

  /**
   * The endpoint's record for `$SRV.STATS`. The service library times only the synchronous
   * part of a handler and counts no asynchronous failure, so its standard fields are set from
   * these counters (time from a call's arrival to its end), and `data` adds the rest.
   */
  report(endpoint: Endpoint): Record<string, unknown> {
    const standard = (endpoint as { stats?: Record<string, unknown> }).stats;
    const average = this.calls === 0 ? 0 : Math.round(this.totalNs / this.calls);
    if (standard !== undefined) {
      standard.num_requests = this.calls;
      standard.num_errors = this.errors;
      standard.processing_time = this.totalNs;
      standard.average_processing_time = average;
      if (this.lastError !== undefined) standard.last_error = this.lastError;
    }
    return {
      kind: this.kind,
      calls: this.calls,
      errors: this.errors,
      in_flight: this.inFlight,
      average_latency_ms: average / 1e6,
    };
  }
}
