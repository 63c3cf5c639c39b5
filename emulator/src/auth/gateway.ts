// The Adobe I/O gateway's header checks, with the codes of the AEP troubleshooting guide:
// 403000 API key required, 403010 token missing, 401013 token not valid, 403003 API key invalid,
// 400003 missing org header, 403025 profile (org) not valid. HTTP status per the guide's status table
// (401 for a missing or invalid token).
import type { IncomingHttpHeaders } from 'node:http';
import { gatewayError } from '../http/errorBodies';
import type { Reply } from '../http/reply';
import type { AuthContext } from '../http/router';
import type { EmulatorCredentials } from '../types';
import type { TokenStore } from './tokenStore';

export type GatewayResult = { ok: true; auth: AuthContext } | { ok: false; reply: Reply };

export function checkGatewayHeaders(
  headers: IncomingHttpHeaders,
  credentials: EmulatorCredentials,
  tokens: TokenStore,
  now: number,
): GatewayResult {
  const apiKey = single(headers['x-api-key']);
  if (!apiKey) return fail(gatewayError(403, '403000', 'Api Key is required'));

  const authorization = single(headers.authorization);
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  if (!bearer) return fail(gatewayError(401, '403010', 'Oauth token is missing.'));

  const token = tokens.check(bearer[1], now);
  if (!token.valid) return fail(gatewayError(401, '401013', 'Oauth token is not valid'));
  if (apiKey !== token.clientId) return fail(gatewayError(403, '403003', 'Api Key is invalid'));

  const orgId = single(headers['x-gw-ims-org-id']);
  if (!orgId) return fail(gatewayError(400, '400003', 'Missing header'));
  if (orgId !== credentials.orgId) return fail(gatewayError(403, '403025', 'Profile is not valid'));

  return { ok: true, auth: { clientId: token.clientId, orgId } };
}

function fail(reply: Reply): GatewayResult {
  return { ok: false, reply };
}

export function single(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}
