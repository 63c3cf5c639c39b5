// What a handler answers: plain data, so that faults can replace, delay or truncate it before it is written.
import type { ServerResponse } from 'node:http';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON-serialisable body; undefined = no body (e.g. 204). */
  body?: unknown;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

export function encodeReply(reply: Reply): { headers: Record<string, string>; payload: Buffer } {
  const headers: Record<string, string> = { ...(reply.headers ?? {}) };
  if (reply.body === undefined || reply.status === 204 || reply.status === 304) {
    return { headers, payload: Buffer.alloc(0) };
  }
  const payload = Buffer.from(JSON.stringify(reply.body), 'utf8');
  headers['content-type'] = 'application/json;charset=utf-8';
  return { headers, payload };
}

export function writeReply(res: ServerResponse, reply: Reply): void {
  const { headers, payload } = encodeReply(reply);
  headers['content-length'] = String(payload.length);
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/**
 * Announces the full Content-Length, sends about half of the body and closes the connection: the client sees a
 * premature end of the body, as with a proxy that dies mid-response.
 */
export function writeTruncatedReply(res: ServerResponse, reply: Reply): void {
  const { headers, payload } = encodeReply(reply);
  const body = payload.length > 0 ? payload : Buffer.from('{"message":"truncated"}', 'utf8');
  headers['content-length'] = String(body.length + 64);
  if (!headers['content-type']) headers['content-type'] = 'application/json;charset=utf-8';
  res.writeHead(reply.status, headers);
  const socket = res.socket;
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
    socket?.end();
    socket?.destroySoon?.();
  });
}
