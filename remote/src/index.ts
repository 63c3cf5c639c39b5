// The remote layer's entry point: builds the typed client(s) for a connection, wiring the shared transport,
// the organisation's scheduler and the right authentication. No vscode dependency: the CLI and the extension
// both use this.
import { AdobeAuthenticator } from './auth/adobeAuthenticator';
import { StaticTokenAuthenticator, type Authenticator } from './auth/authenticator';
import { DEFAULT_IMS_URL, ImsTokenProvider } from './auth/imsTokenProvider';
import { AepDefinitionsClient } from './clients/aepDefinitionsClient';
import { AepJobsClient } from './clients/aepJobsClient';
import { CjaSegmentsClient } from './clients/cjaSegmentsClient';
import { UnleashSegmentsClient } from './clients/unleashSegmentsClient';
import { DEFAULT_SCOPES, secretKindFor, type ConnectionConfig, type SecretKind, type SecretSource } from './connections/connectionTypes';
import { checkEndpoint } from './http/endpointPolicy';
import { ConfigError } from './http/errors';
import { registerSecret } from './http/redact';
import { ServiceCaller } from './http/serviceCaller';
import { HttpTransport, type TransportOptions } from './http/transport';
import type { RequestLogger } from './http/types';
import type { RequestScheduler } from './scheduler/requestScheduler';
import { schedulerKey, sharedSchedulers, type SchedulerRegistry } from './scheduler/schedulerRegistry';

export interface ServiceClientOptions {
  /** Defaults to one transport shared by the whole process (connection reuse across clients). */
  transport?: HttpTransport;
  /** Defaults to the process-wide registry (one scheduler per organisation). */
  schedulers?: SchedulerRegistry;
  /** Defaults to a process-wide cache (one token per credential). */
  tokenProviders?: Map<string, ImsTokenProvider>;
  /** Receives the (redacted) request log of the transport until `close()`. */
  onLog?: RequestLogger;
  /** Whole-request deadline per attempt. */
  timeoutMs?: number;
}

interface CommonClients {
  connection: ConnectionConfig;
  scheduler: RequestScheduler;
  /** Stops the log listener (the transport itself is shared and stays open). */
  close(): Promise<void>;
}

export interface CjaClients extends CommonClients {
  service: 'cja';
  cja: CjaSegmentsClient;
  tokens: ImsTokenProvider;
}

export interface AepClients extends CommonClients {
  service: 'aep';
  definitions: AepDefinitionsClient;
  jobs: AepJobsClient;
  tokens: ImsTokenProvider;
}

export interface UnleashClients extends CommonClients {
  service: 'unleash';
  unleash: UnleashSegmentsClient;
}

export type ServiceClients = CjaClients | AepClients | UnleashClients;

let sharedTransport: HttpTransport | undefined;
const sharedTokenProviders = new Map<string, ImsTokenProvider>();

/** The process-wide transport (created on first use). */
export function getSharedTransport(options?: TransportOptions): HttpTransport {
  sharedTransport ??= new HttpTransport(options);
  return sharedTransport;
}

function secretGetter(connection: ConnectionConfig, secrets: SecretSource, kind: SecretKind): () => Promise<string> {
  return async () => {
    const value = await secrets.getSecret(connection.id, kind);
    if (!value) {
      const how = secrets.describe?.(connection.id, kind) ?? 'store it in the secret store';
      const what = kind === 'token' ? 'API token' : 'client secret';
      throw new ConfigError(`No ${what} for connection "${connection.id}": ${how}.`);
    }
    registerSecret(value);
    return value;
  };
}

function requireField(connection: ConnectionConfig, field: 'orgId' | 'clientId' | 'sandbox'): string {
  const value = connection[field];
  if (!value) throw new ConfigError(`Connection "${connection.id}" (${connection.service}) needs "${field}".`);
  return value;
}

/** Creates the client(s) of the connection's service. Secrets are read lazily, on the first request. */
export function createServiceClients(connection: ConnectionConfig, secrets: SecretSource, options: ServiceClientOptions = {}): ServiceClients {
  const baseUrl = checkEndpoint(connection.baseUrl, `baseUrl of connection "${connection.id}"`);
  const transport = options.transport ?? getSharedTransport();
  const removeLogger = options.onLog ? transport.addLogger(options.onLog) : () => undefined;
  const close = async (): Promise<void> => {
    removeLogger();
  };
  const schedulers = options.schedulers ?? sharedSchedulers;
  const tokenProviders = options.tokenProviders ?? sharedTokenProviders;

  const callerFor = (service: 'cja' | 'aep' | 'unleash', auth: Authenticator, scheduler: RequestScheduler, url: URL): ServiceCaller =>
    new ServiceCaller({ service, baseUrl: url, transport, scheduler, auth, timeoutMs: options.timeoutMs });

  if (connection.service === 'unleash') {
    const scheduler = schedulers.get(schedulerKey(baseUrl, undefined), connection.rateLimit);
    const auth = new StaticTokenAuthenticator(secretGetter(connection, secrets, secretKindFor('unleash')));
    return { service: 'unleash', connection, scheduler, close, unleash: new UnleashSegmentsClient(callerFor('unleash', auth, scheduler, baseUrl)) };
  }

  const orgId = requireField(connection, 'orgId');
  const clientId = requireField(connection, 'clientId');
  const imsUrl = connection.imsUrl ?? DEFAULT_IMS_URL;
  const scopes = connection.scopes ?? DEFAULT_SCOPES[connection.service];
  const tokenKey = [checkEndpoint(imsUrl, 'imsUrl').origin, clientId, connection.id, scopes.join(',')].join('|');
  let tokens = tokenProviders.get(tokenKey);
  if (!tokens) {
    tokens = new ImsTokenProvider({ imsUrl, clientId, scopes, transport, getClientSecret: secretGetter(connection, secrets, 'clientSecret') });
    tokenProviders.set(tokenKey, tokens);
  }
  const scheduler = schedulers.get(schedulerKey(baseUrl, orgId), connection.rateLimit);

  if (connection.service === 'cja') {
    const auth = new AdobeAuthenticator(tokens, { clientId, orgId });
    return { service: 'cja', connection, scheduler, close, tokens, cja: new CjaSegmentsClient(callerFor('cja', auth, scheduler, baseUrl)) };
  }
  const sandbox = requireField(connection, 'sandbox');
  const auth = new AdobeAuthenticator(tokens, { clientId, orgId, sandbox });
  const caller = callerFor('aep', auth, scheduler, baseUrl);
  return {
    service: 'aep',
    connection,
    scheduler,
    close,
    tokens,
    definitions: new AepDefinitionsClient(caller),
    jobs: new AepJobsClient(caller),
  };
}

export { AdobeAuthenticator } from './auth/adobeAuthenticator';
export { StaticTokenAuthenticator, type Authenticator } from './auth/authenticator';
export { DEFAULT_IMS_URL, ImsTokenProvider, type ImsTokenProviderOptions } from './auth/imsTokenProvider';
export { AepDefinitionsClient } from './clients/aepDefinitionsClient';
export { AepJobsClient, summarizeJob, type PollOptions, type PollResult } from './clients/aepJobsClient';
export * from './clients/aepTypes';
export { CjaSegmentsClient } from './clients/cjaSegmentsClient';
export { createOnce, mayHaveApplied, type CreateOnceOptions, type CreateOnceResult } from './clients/createOnce';
export * from './clients/cjaTypes';
export type { Page } from './clients/page';
export { describeSegmentInUse, UnleashSegmentsClient, type NameValidation } from './clients/unleashSegmentsClient';
export * from './clients/unleashTypes';
export { CONFIG_FILE_NAME, checkConnections, loadConnectionsFile } from './connections/configFile';
export * from './connections/connectionTypes';
export { EnvSecretSource, secretEnvName } from './connections/envSecretSource';
export { checkEndpoint } from './http/endpointPolicy';
export * from './http/errors';
export { readErrorBody, type ErrorBodyInfo } from './http/errorBody';
export { redact, registerSecret, REDACTED } from './http/redact';
export { ServiceCaller, type CallOptions, type CallResult } from './http/serviceCaller';
export { HttpTransport, type TransportOptions } from './http/transport';
export type { HttpMethod, HttpRequest, HttpResponse, RequestLogEntry, RequestLogger } from './http/types';
export { RateLimiter } from './scheduler/rateLimiter';
export {
  DEFAULT_RATE_LIMIT,
  RequestScheduler,
  type RateLimitConfig,
  type ScheduleOptions,
  type SchedulerOptions,
  type SchedulerStats,
} from './scheduler/requestScheduler';
export { SchedulerRegistry, schedulerKey, sharedSchedulers } from './scheduler/schedulerRegistry';
export { backoffDelay, decideRetry, parseRetryAfter, DEFAULT_RETRY_TUNING, type RetryTuning } from './scheduler/retryPolicy';
