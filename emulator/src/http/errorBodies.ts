// The error shapes Adobe documents, one builder each. Which one a request gets depends on who answers it: the
// Adobe I/O gateway (header and rate-limit problems), IMS, CJA (`ErrorStatus` in cja-swagger.json) or AEP
// Segmentation (the `{requestId, errors:{"<status>":[...]}, type, title, status}` examples of aep-segmentation.yaml).
import { randomUUID } from 'node:crypto';
import { json, type Reply } from './reply';
import type { ServiceName } from './router';

/** Adobe I/O gateway: `{"error_code":"401013","message":"Oauth token is not valid"}` (AEP troubleshooting guide). */
export function gatewayError(status: number, errorCode: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { error_code: errorCode, message }, headers);
}

export function tooManyRequests(retryAfterSeconds: number | undefined): Reply {
  const headers = retryAfterSeconds === undefined ? undefined : { 'retry-after': String(retryAfterSeconds) };
  return gatewayError(429, '429050', 'Too many requests', headers);
}

/** IMS: `{"error":"invalid_client","error_description":"..."}`. */
export function imsError(status: number, error: string, description: string): Reply {
  return json(status, { error, error_description: description });
}

/** CJA `ErrorStatus`; errorCode must be one of the spec's enum values. */
export type CjaErrorCode =
  | 'invalid_json_input'
  | 'invalid_parameters'
  | 'invalid_data'
  | 'resource_not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unexpected_error'
  | 'resource_temporarily_unavailable'
  | 'invalid_request';

export function cjaError(status: number, errorCode: CjaErrorCode, errorDescription: string, errorDetails?: Record<string, unknown>): Reply {
  const body: Record<string, unknown> = { errorCode, errorDescription, errorId: randomUUID() };
  if (errorDetails) body.errorDetails = errorDetails;
  return json(status, body);
}

/** AEP Segmentation: code such as `UPAPI-113430-404` (the spec's examples use this pattern). */
export function aepError(status: number, code: string, message: string, requestId: string): Reply {
  return json(status, {
    requestId,
    errors: { [String(status)]: [{ code, message }] },
    type: `https://ns.adobe.com/aep/errors/${code}`,
    title: message,
    status,
  });
}

/** AEP's generic RFC-7807-like shape, used by the platform for content-type problems (troubleshooting guide). */
export function aepProblem(status: number, title: string, detail: string): Reply {
  return json(status, { type: '/placeholder/type/uri', status, title, detail });
}

/** A 5xx in the shape of whichever service the path belongs to (for injected faults and unexpected errors). */
export function serviceError(service: ServiceName, status: 500 | 503, requestId: string, headers?: Record<string, string>): Reply {
  const unavailable = status === 503;
  let reply: Reply;
  if (service === 'ims') {
    reply = imsError(status, unavailable ? 'temporarily_unavailable' : 'server_error', unavailable ? 'Service temporarily unavailable' : 'Internal server error');
  } else if (service === 'cja') {
    reply = unavailable
      ? cjaError(503, 'resource_temporarily_unavailable', 'Service temporarily unavailable')
      : cjaError(500, 'unexpected_error', 'Unexpected error; please retry later');
  } else {
    reply = unavailable
      ? aepError(503, 'UPAPI-113503-503', 'The service is unavailable.', requestId)
      : aepError(500, 'UPAPI-113500-500', 'Internal server error.', requestId);
  }
  return { ...reply, headers: { ...(reply.headers ?? {}), ...(headers ?? {}) } };
}

export function notFoundFor(service: ServiceName, path: string, requestId: string): Reply {
  if (service === 'aep') return aepError(404, 'UPAPI-113000-404', `No resource at ${path}.`, requestId);
  if (service === 'ims') return imsError(404, 'invalid_request', `No IMS endpoint at ${path}`);
  return cjaError(404, 'resource_not_found', `No resource at ${path}`);
}

export function methodNotAllowedFor(service: ServiceName, method: string, allowed: string[], requestId: string): Reply {
  const headers = { allow: allowed.join(', ') };
  const message = `Method ${method} is not allowed here (allowed: ${allowed.join(', ')})`;
  if (service === 'aep') return { ...aepError(405, 'UPAPI-113405-405', message, requestId), headers };
  if (service === 'ims') return { ...imsError(405, 'invalid_request', message), headers };
  return { ...cjaError(405, 'method_not_allowed', message), headers };
}
