// POST /ims/token/v3: OAuth server-to-server (client credentials), as the Developer Console page documents it.
// Parameters come form-urlencoded in the body (recommended) or in the query string (also accepted).
import { imsError } from '../http/errorBodies';
import { json, type Reply } from '../http/reply';
import type { RequestContext } from '../http/router';
import { GRANTABLE_SCOPES, TECHNICAL_ACCOUNT } from '../credentials';
import type { EmulatorCredentials } from '../types';
import type { TokenStore } from './tokenStore';

export interface TokenEndpointDeps {
  credentials: EmulatorCredentials;
  tokens: TokenStore;
  ttlSeconds: number;
  now(): number;
}

export function handleTokenRequest(ctx: RequestContext, deps: TokenEndpointDeps): Reply {
  const contentType = String(ctx.headers['content-type'] ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) {
    return imsError(400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(ctx.query);
  for (const [key, value] of new URLSearchParams(ctx.rawBody)) params.set(key, value);

  const grantType = params.get('grant_type');
  if (grantType !== 'client_credentials') {
    return imsError(400, 'unsupported_grant_type', `unsupported grant_type parameter: ${grantType ?? '(missing)'}`);
  }
  if (params.get('client_id') !== deps.credentials.clientId) {
    return imsError(400, 'invalid_client', 'invalid client_id parameter');
  }
  if (params.get('client_secret') !== deps.credentials.clientSecret) {
    return imsError(401, 'invalid_client', 'invalid client_secret parameter');
  }
  // The dev-console page says comma-separated, the Analytics page space-separated: accept both.
  const scopes = (params.get('scope') ?? '').split(/[\s,]+/).filter((scope) => scope !== '');
  const refused = scopes.filter((scope) => !GRANTABLE_SCOPES.has(scope));
  if (refused.length > 0) {
    return imsError(400, 'invalid_scope', `invalid scope: ${refused.join(',')}`);
  }

  const accessToken = deps.tokens.issue(deps.credentials.clientId, TECHNICAL_ACCOUNT.imsUserId, deps.ttlSeconds, deps.now());
  return json(200, { access_token: accessToken, token_type: 'bearer', expires_in: deps.ttlSeconds });
}
