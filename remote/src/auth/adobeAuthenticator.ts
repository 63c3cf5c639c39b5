// Headers every Adobe API call carries: the IMS bearer token, the API key (the client id), the IMS
// organisation and, for AEP, the sandbox.
import { registerSecret } from '../http/redact';
import type { Authenticator } from './authenticator';
import type { ImsTokenProvider } from './imsTokenProvider';

export interface AdobeIdentity {
  clientId: string;
  orgId: string;
  /** AEP only: the sandbox name (all lower-case, e.g. `prod`). */
  sandbox?: string;
}

const BEARER = 'Bearer ';

export class AdobeAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: ImsTokenProvider,
    private readonly identity: AdobeIdentity,
  ) {
    // The API key travels in every request: treat it like a secret wherever text is shown.
    registerSecret(identity.clientId);
  }

  async headers(signal?: AbortSignal): Promise<Record<string, string>> {
    const token = await this.tokens.getToken(signal);
    const headers: Record<string, string> = {
      authorization: `${BEARER}${token}`,
      'x-api-key': this.identity.clientId,
      'x-gw-ims-org-id': this.identity.orgId,
    };
    if (this.identity.sandbox) headers['x-sandbox-name'] = this.identity.sandbox;
    return headers;
  }

  async refreshAfterUnauthorized(used: Record<string, string>): Promise<boolean> {
    const header = used.authorization ?? '';
    if (!header.startsWith(BEARER)) return false;
    this.tokens.invalidate(header.slice(BEARER.length));
    return true;
  }
}
