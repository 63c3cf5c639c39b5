// The emulator: one node:http server on 127.0.0.1 answering the IMS token endpoint, the CJA Segments API, the AEP
// Segment Definitions and Segment Jobs APIs, and the /__emulator admin API.
//
// A request goes through: admin? -> gateway header checks -> injected 'before' faults (429/500/503/reset/truncate)
// -> rate limiter (per org) -> injected 'slow' -> handler -> injected 'after' faults -> response.
// Injected faults answer before the rate limiter so that they do not use the organisation's budget; 'slow' holds
// its slot while it waits, as a slow real request would.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { ADMIN_PREFIX, handleAdmin, type MutationRequest } from './admin/adminApi';
import { AepDefinitionStore } from './aep/definitionStore';
import { registerDefinitionRoutes } from './aep/definitionRoutes';
import { AepJobStore } from './aep/jobStore';
import { registerJobRoutes } from './aep/jobRoutes';
import { checkGatewayHeaders, single } from './auth/gateway';
import { handleTokenRequest } from './auth/imsToken';
import { TokenStore } from './auth/tokenStore';
import { projectSegment, EXPANSIONS } from './cja/projection';
import { registerCjaRoutes } from './cja/segmentRoutes';
import { CjaSegmentStore } from './cja/segmentStore';
import { EMULATOR_CREDENTIALS } from './credentials';
import { FaultRules } from './faults/faultController';
import { BodyTooLargeError, readBody } from './http/body';
import { aepError, cjaError, imsError, methodNotAllowedFor, notFoundFor, serviceError, tooManyRequests } from './http/errorBodies';
import { writeReply, writeTruncatedReply, type Reply } from './http/reply';
import { IMS_TOKEN_PATH, Router, type RequestContext, type ServiceName } from './http/router';
import { OrgRateLimiter } from './limits/rateLimiter';
import { loadSeed } from './seed';
import { StatsRecorder } from './stats';
import type { EmulatorCredentials, EmulatorOptions, EmulatorStats, FaultKind, FaultRule, RunningEmulator } from './types';
import { Clock } from './util/clock';

const DEFAULT_RATE_LIMIT = { perMinute: 60, concurrent: 6 };
const DEFAULT_TOKEN_TTL_SECONDS = 86_399;
const DEFAULT_JOB_STEP_MS = 500;
const BEFORE_ANSWER_KINDS: ReadonlySet<FaultKind> = new Set(['429', '500', '503', 'reset', 'truncate']);
const SLOW_KIND: ReadonlySet<FaultKind> = new Set(['slow']);
const ALL_KINDS: ReadonlySet<FaultKind> = new Set(['429', '500', '503', 'slow', 'reset', 'truncate']);

interface ResolvedOptions {
  port: number;
  seed: EmulatorOptions['seed'];
  rateLimit: { perMinute: number; concurrent: number };
  tokenTtlSeconds: number;
  jobStepMs: number;
}

export class Emulator {
  readonly credentials: EmulatorCredentials = { ...EMULATOR_CREDENTIALS };
  readonly faults = new FaultRules();
  private readonly options: ResolvedOptions;
  private readonly clock = new Clock();
  private readonly tokens = new TokenStore();
  private readonly statsRecorder = new StatsRecorder();
  private readonly limiter: OrgRateLimiter;
  private readonly cja: CjaSegmentStore;
  private readonly definitions: AepDefinitionStore;
  private readonly jobs: AepJobStore;
  private readonly router = new Router();
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly sleepers = new Set<() => void>();
  private closing = false;
  private closed: Promise<void> | undefined;
  private baseUrl = '';

  constructor(options: EmulatorOptions = {}) {
    this.options = resolveOptions(options);
    this.limiter = new OrgRateLimiter(this.options.rateLimit);
    this.cja = new CjaSegmentStore(this.clock);
    this.definitions = new AepDefinitionStore(this.clock, this.credentials.orgId);
    this.jobs = new AepJobStore(this.clock, this.credentials.orgId, () => this.options.jobStepMs);
    this.loadSeed();

    this.router.add({
      method: 'POST',
      template: IMS_TOKEN_PATH,
      service: 'ims',
      handler: (ctx) =>
        handleTokenRequest(ctx, { credentials: this.credentials, tokens: this.tokens, ttlSeconds: this.options.tokenTtlSeconds, now: () => this.clock.now() }),
    });
    registerCjaRoutes(this.router, this.cja);
    registerDefinitionRoutes(this.router, this.definitions, this.credentials.sandbox);
    registerJobRoutes(this.router, { jobs: this.jobs, definitions: this.definitions, clock: this.clock }, this.credentials.sandbox);

    this.server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent && !res.destroyed) writeReply(res, cjaError(500, 'unexpected_error', 'Unexpected emulator error'));
        else res.destroy();
      });
    });
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server.on('clientError', (_error, socket) => socket.destroy());
  }

  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ port: this.options.port, host: '127.0.0.1' }, () => {
        this.server.off('error', onError);
        const address = this.server.address();
        if (address === null || typeof address === 'string') return reject(new Error('Emulator did not get a TCP port'));
        this.baseUrl = `http://127.0.0.1:${address.port}`;
        resolve(this.baseUrl);
      });
    });
  }

  get url(): string {
    return this.baseUrl;
  }

  stats(): EmulatorStats {
    return this.statsRecorder.snapshot();
  }

  reset(): void {
    this.loadSeed();
    this.faults.clear();
    this.statsRecorder.reset();
    this.limiter.resetWindows();
  }

  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  close(): Promise<void> {
    if (this.closed) return this.closed;
    this.closing = true;
    for (const wake of [...this.sleepers]) wake();
    this.closed = new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) socket.destroy();
    });
    return this.closed;
  }

  /** The public handle handed to callers (exactly the contract of RunningEmulator). */
  publicHandle(): RunningEmulator {
    return {
      url: this.baseUrl,
      credentials: { ...this.credentials },
      faults: { inject: (rule: FaultRule) => this.faults.inject(rule), clear: () => this.faults.clear() },
      stats: () => this.stats(),
      reset: () => this.reset(),
      close: () => this.close(),
      revokeTokens: () => this.revokeTokens(),
    };
  }

  private loadSeed(): void {
    const seed = loadSeed(this.options.seed, { orgId: this.credentials.orgId, now: this.clock.now(), jobStepMs: this.options.jobStepMs });
    this.cja.load(seed.cjaSegments, seed.dataViews);
    this.definitions.load(seed.aepDefinitions);
    this.jobs.load(seed.aepJobs);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return this.handleAdmin(req, res, method, path);

    const match = this.router.match(method, path);
    const service: ServiceName = match.kind === 'found' ? match.route.service : match.service;
    const isTokenEndpoint = service === 'ims';
    this.statsRecorder.countRequest(match.kind === 'found' ? `${method} ${match.route.template}` : `${method} (unmatched)`);
    const requestId = single(req.headers['x-request-id']) ?? randomBytes(24).toString('base64url').slice(0, 32);

    let releaseSlot: (() => void) | undefined;
    if (!isTokenEndpoint) {
      this.statsRecorder.apiRequestStarted();
      whenDone(res, () => {
        this.statsRecorder.apiRequestEnded();
        releaseSlot?.();
      });
    }

    let auth = { clientId: '', orgId: '' };
    if (!isTokenEndpoint) {
      const gateway = checkGatewayHeaders(req.headers, this.credentials, this.tokens, this.clock.now());
      if (!gateway.ok) return writeReply(res, gateway.reply);
      auth = gateway.auth;
    }

    const faultRequest = { method, path, isTokenEndpoint };
    const early = this.faults.take(faultRequest, 'before', BEFORE_ANSWER_KINDS);
    // A read has no side effect, so a truncate on it cuts the real answer (a 200 the client must notice is short);
    // on a write, 'before' means "not applied": the truncated answer is then a 503.
    const truncateRead = early?.kind === 'truncate' && (method === 'GET' || method === 'HEAD') ? early : undefined;
    if (early && !truncateRead) return this.answerWithFault(early, req, res, service, requestId, undefined);

    if (!isTokenEndpoint) {
      const admission = this.limiter.admit(auth.orgId, this.clock.now());
      if (!admission.admitted) {
        this.statsRecorder.countRateLimitRejection();
        return writeReply(res, tooManyRequests(admission.retryAfterSeconds));
      }
      const org = auth.orgId;
      releaseSlot = () => this.limiter.release(org);
    }

    const slow = this.faults.take(faultRequest, 'before', SLOW_KIND);
    if (slow && !(await this.sleep(slow.delayMs ?? 0))) return void req.socket.destroy();

    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return writeReply(res, tooLarge(service, requestId, error.message));
      return void req.socket.destroy();
    }

    let reply: Reply;
    if (match.kind === 'not-found') reply = notFoundFor(service, path, requestId);
    else if (match.kind === 'method-not-allowed') reply = methodNotAllowedFor(service, method, match.allowed, requestId);
    else {
      const ctx: RequestContext = { method, path, params: match.params, query: url.searchParams, headers: req.headers, rawBody, requestId, auth };
      try {
        reply = match.route.handler(ctx);
      } catch {
        reply = serviceError(service, 500, requestId);
      }
    }
    if (service === 'aep') reply = { ...reply, headers: { 'x-request-id': requestId, ...(reply.headers ?? {}) } };

    const late = truncateRead ?? this.faults.take(faultRequest, 'after', ALL_KINDS);
    if (late) return this.answerWithFault(late, req, res, service, requestId, reply);
    if (this.closing) return void req.socket.destroy();
    writeReply(res, reply);
  }

  private async answerWithFault(rule: FaultRule, req: IncomingMessage, res: ServerResponse, service: ServiceName, requestId: string, reply: Reply | undefined): Promise<void> {
    const retryAfter = rule.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(rule.retryAfterSeconds) };
    switch (rule.kind) {
      case '429':
        return writeReply(res, tooManyRequests(rule.retryAfterSeconds));
      case '500':
        return writeReply(res, serviceError(service, 500, requestId));
      case '503':
        return writeReply(res, serviceError(service, 503, requestId, retryAfter));
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'truncate':
        return writeTruncatedReply(res, reply ?? serviceError(service, 503, requestId));
      case 'slow':
        // Only reached in the 'after' phase: the operation is done, its answer is late.
        if (!(await this.sleep(rule.delayMs ?? 0))) return void req.socket.destroy();
        return writeReply(res, reply ?? serviceError(service, 500, requestId));
    }
  }

  private async handleAdmin(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<void> {
    let rawBody: string;
    try {
      rawBody = await readBody(req);
    } catch {
      return writeReply(res, { status: 413, body: { error: 'Body too large' } });
    }
    writeReply(
      res,
      handleAdmin(method, path, rawBody, {
        injectFault: (rule) => this.faults.inject(rule),
        clearFaults: () => this.faults.clear(),
        reset: () => this.reset(),
        stats: () => this.stats(),
        revokeTokens: () => this.revokeTokens(),
        mutate: (request) => this.mutate(request),
      }),
    );
  }

  private mutate(request: MutationRequest): unknown {
    if (request.service === 'cja') {
      const record = this.cja.get(request.id);
      if (!record) return undefined;
      if (request.delete) this.cja.mutate(record, { isDeleted: true });
      else this.cja.mutate(record, request.patch);
      return projectSegment(record, Object.keys(EXPANSIONS));
    }
    const definition = this.definitions.get(request.id);
    if (!definition) return undefined;
    if (request.delete) {
      this.definitions.delete(request.id);
      return { deleted: true, id: request.id };
    }
    return structuredClone(this.definitions.mutate(definition, request.patch));
  }

  /** Resolves true after `ms`, or false at once if the emulator is closing meanwhile. */
  private sleep(ms: number): Promise<boolean> {
    if (this.closing) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.sleepers.delete(wake);
        resolve(!this.closing);
      }, ms);
      this.sleepers.add(wake);
    });
  }
}

function whenDone(res: ServerResponse, callback: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    callback();
  };
  res.once('finish', once);
  res.once('close', once);
}

function tooLarge(service: ServiceName, requestId: string, message: string): Reply {
  if (service === 'aep') return aepError(413, 'UPAPI-113413-413', message, requestId);
  if (service === 'ims') return imsError(413, 'invalid_request', message);
  return cjaError(413, 'payload_too_large', message);
}

function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error('port must be a whole number from 0 to 65535');
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (!Number.isInteger(rateLimit.perMinute) || rateLimit.perMinute < 1 || !Number.isInteger(rateLimit.concurrent) || rateLimit.concurrent < 1) {
    throw new Error('rateLimit.perMinute and rateLimit.concurrent must be whole numbers of at least 1');
  }
  const tokenTtlSeconds = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isFinite(tokenTtlSeconds) || tokenTtlSeconds <= 0) throw new Error('tokenTtlSeconds must be a positive number');
  const jobStepMs = options.jobStepMs ?? DEFAULT_JOB_STEP_MS;
  if (!Number.isFinite(jobStepMs) || jobStepMs < 0) throw new Error('jobStepMs must be zero or more');
  return { port, seed: options.seed ?? 'demo', rateLimit: { ...rateLimit }, tokenTtlSeconds, jobStepMs };
}
