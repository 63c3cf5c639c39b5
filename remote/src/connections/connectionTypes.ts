// Connection settings shared by the CLI and the extension. Secrets are never part of a connection: they come
// from a SecretSource (environment variables for the CLI, SecretStorage for the extension).
import type { RateLimitConfig } from '../scheduler/requestScheduler';

export type ServiceKind = 'cja' | 'aep' | 'unleash';

export const SERVICE_KINDS: readonly ServiceKind[] = ['cja', 'aep', 'unleash'];

export interface ConnectionConfig {
  /** Unique, stable; used to look up secrets. */
  id: string;
  /** Shown to people. */
  label: string;
  service: ServiceKind;
  /** CJA e.g. https://cja.adobe.io; AEP e.g. https://platform.adobe.io/data/core/ups; Unleash e.g. https://unleash.example.com. */
  baseUrl: string;
  /** Adobe only; default https://ims-na1.adobelogin.com. */
  imsUrl?: string;
  /** Adobe IMS organisation (`...@AdobeOrg`). */
  orgId?: string;
  /** Adobe OAuth server-to-server client id (also the x-api-key). */
  clientId?: string;
  /** AEP sandbox name (lower-case, e.g. `prod`). */
  sandbox?: string;
  /** IMS scopes; defaults per service. */
  scopes?: string[];
  rateLimit?: RateLimitConfig;
  /** A production connection: commands that change it ask for confirmation. */
  production?: boolean;
  /** Writes (push, delete, jobs run/cancel) are refused. */
  readOnly?: boolean;
}

export type SecretKind = 'clientSecret' | 'token';

export interface SecretSource {
  /** The secret, or undefined when none is stored. */
  getSecret(connectionId: string, kind: SecretKind): Promise<string | undefined>;
  /** How the user stores this secret (for error messages), e.g. "set SEGMENT_WORKBENCH_PROD_CLIENT_SECRET". */
  describe?(connectionId: string, kind: SecretKind): string;
}

/** The secret each service needs: Adobe a client secret, Unleash an admin API token. */
export function secretKindFor(service: ServiceKind): SecretKind {
  return service === 'unleash' ? 'token' : 'clientSecret';
}

/** Default IMS scopes (as Adobe's developer console shows them for CJA and AEP credentials). */
export const DEFAULT_SCOPES: Record<'cja' | 'aep', readonly string[]> = {
  cja: ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext', 'session'],
  aep: ['openid', 'AdobeID', 'read_organizations', 'additional_info.projectedProductContext', 'session'],
};
