// The emulator's public contract. The API clients, the end-to-end suite, the benchmarks and `npm run demo` are all
// written against these types, so they change only by adding optional members.

export interface EmulatorOptions {
  /** 0 (default) = any free port. The emulator always binds 127.0.0.1. */
  port?: number;
  /** 'demo' (default): realistic samples from emulator/fixtures; 'empty'; or counts of generated (deterministic) bulk data. */
  seed?: 'demo' | 'empty' | { cjaSegments?: number; aepDefinitions?: number };
  /** Per organisation (x-gw-ims-org-id). Default 60 per rolling minute and 6 in flight, as the CJA guide documents. */
  rateLimit?: { perMinute: number; concurrent: number };
  /** Lifetime of issued access tokens. Default 86399 (IMS's documented value). */
  tokenTtlSeconds?: number;
  /** Time a segment job spends in each state NEW -> QUEUED -> PROCESSING before it ends. Default 500. */
  jobStepMs?: number;
}

export interface EmulatorCredentials {
  clientId: string;
  clientSecret: string;
  orgId: string;
  sandbox: string;
  scopes: string;
}

export interface EmulatorStats {
  /** API and token requests received (the /__emulator admin API is not counted). */
  requests: number;
  /** Requests answered 429 by the rate limiter (injected 429 faults are not counted here). */
  rejectedByRateLimit: number;
  /** Highest number of API requests (token endpoint excluded) in flight at the same time, rejected ones included. */
  maxInFlight: number;
  /** Requests per route, keyed `METHOD /route/{param}` (e.g. `GET /segments/{id}`, `POST /ims/token/v3`). */
  byRoute: Record<string, number>;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:43123 (no trailing slash). CJA base = url, AEP base = url + '/data/core/ups'. */
  url: string;
  credentials: EmulatorCredentials;
  faults: FaultController;
  stats(): EmulatorStats;
  /** Back to the seed: data, faults, statistics and rate-limit windows. Issued tokens stay valid. */
  reset(): void;
  /** Closes every socket; resolves when the port is free. */
  close(): Promise<void>;
  /** Extra (not in the original contract): invalidates every issued token, so the next API call gets a 401. */
  revokeTokens(): void;
}

/**
 * 429/500/503: that answer (in the service's error shape). slow: held for delayMs, then served. reset: the socket is
 * destroyed. truncate: Content-Length larger than the body, then the connection ends (on a GET the real answer is
 * cut; on a write in the 'before' phase a 503 is cut, the operation not being applied).
 */
export type FaultKind = '429' | '500' | '503' | 'slow' | 'reset' | 'truncate';

export interface FaultRule {
  /** Which requests: HTTP method (any case) and a path prefix. Without pathPrefix the token endpoint is never hit. */
  method?: string;
  pathPrefix?: string;
  kind: FaultKind;
  /** For 429/503: the Retry-After header in seconds; omit to send none. */
  retryAfterSeconds?: number;
  /** For slow: how long the request is held. */
  delayMs?: number;
  /** How many matching requests the rule applies to (default 1; unlimited when probability is given without times). */
  times?: number;
  /** 0..1: apply to each matching request with this probability, drawn from a PRNG seeded with `seed`. */
  probability?: number;
  /** Seed of the probability PRNG (default 1), so that a run repeats exactly. Extra to the original contract. */
  seed?: number;
  /** 'before' (default): answered instead of the operation. 'after': the operation is applied, then the fault answers. */
  when?: 'before' | 'after';
}

export interface FaultController {
  inject(rule: FaultRule): void;
  clear(): void;
}
