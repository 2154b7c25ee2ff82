export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** Upper bound for any delay. */
  maxMs: number;
  /** Growth factor per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay randomised away, 0..1 (default 0.3), so clients don't reconnect in lockstep. */
  jitter?: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, factor: 2, jitter: 0.3 };

/** Exponential backoff with jitter; attempt 0 is the first retry. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const factor = options.factor ?? 2;
  const jitter = options.jitter ?? 0.3;
  const base = Math.min(options.maxMs, options.initialMs * factor ** Math.max(0, attempt));
  return Math.round(base * (1 - jitter * random()));
}
