// Pulls the service's own words out of an error response. Each service documents a different shape; one table
// of readers, tried in order, covers them all. Unknown shapes fall back to a short snippet of the text.

export interface ErrorBodyInfo {
  message?: string;
  code?: string;
  requestId?: string;
  details: string[];
}

type Json = Record<string, unknown>;

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Messages of a list such as Unleash `details` or AEP `errors["400"]`, bounded. */
function messagesOf(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const item of list.slice(0, 20)) {
    if (typeof item === 'string') out.push(item);
    else if (isObject(item)) {
      const message = str(item.message) ?? str(item.msg) ?? str(item.description) ?? str(item.errorDescription);
      const path = str(item.path) ?? str(item.instancePath);
      if (message) out.push(path && !message.includes(path) ? `${path}: ${message}` : message);
    }
  }
  return out;
}

interface ShapeReader {
  /** Which service documents this shape (for the reader's own documentation). */
  shape: string;
  read(body: Json): Partial<ErrorBodyInfo> | undefined;
}

const READERS: ShapeReader[] = [
  {
    shape: 'AEP segmentation {requestId, errors: {"400": [{code, message}]}, type, title, status}',
    read(body) {
      if (!isObject(body.errors)) return undefined;
      const lists = Object.values(body.errors).flatMap((list) => (Array.isArray(list) ? list : []));
      const details = messagesOf(lists);
      const first = lists.find(isObject);
      return {
        message: details[0] ?? str(body.detail) ?? str(body.title),
        code: (first && str(first.code)) ?? str(body.title),
        details: details.slice(1),
      };
    },
  },
  {
    shape: 'Adobe I/O gateway {error_code, message}',
    read(body) {
      if (body.error_code === undefined) return undefined;
      return { message: str(body.message), code: str(body.error_code), details: [] };
    },
  },
  {
    shape: 'CJA ErrorStatus {errorCode, errorDescription, errorId, errorDetails}',
    read(body) {
      if (body.errorCode === undefined && body.errorDescription === undefined) return undefined;
      const details = isObject(body.errorDetails)
        ? Object.entries(body.errorDetails).slice(0, 20).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
        : messagesOf(body.errorDetails);
      return {
        message: str(body.errorDescription) ?? str(body.errorCode),
        code: str(body.errorCode),
        requestId: str(body.errorId),
        details,
      };
    },
  },
  {
    shape: 'IMS {error, error_description}',
    read(body) {
      if (typeof body.error !== 'string') return undefined;
      return { message: str(body.error_description) ?? str(body.error), code: str(body.error), details: [] };
    },
  },
  {
    shape: 'AEP RFC 7807-like {type, title, status, detail}',
    read(body) {
      if (body.detail === undefined && body.title === undefined) return undefined;
      return { message: str(body.detail) ?? str(body.title), code: str(body.title), details: [] };
    },
  },
  {
    shape: 'Unleash {id?, name, message, details: [{message, path?}]}',
    read(body) {
      if (body.message === undefined && body.details === undefined) return undefined;
      const details = messagesOf(body.details);
      const message = str(body.message) ?? details[0];
      return { message, code: str(body.name), details: details.filter((d) => d !== message) };
    },
  },
  {
    shape: 'generic {error: {message, code}} or {errors: [{message}]}',
    read(body) {
      if (isObject(body.error)) {
        return { message: str(body.error.message), code: str(body.error.code), details: [] };
      }
      if (Array.isArray(body.errors)) {
        const details = messagesOf(body.errors);
        return { message: details[0], details: details.slice(1) };
      }
      return undefined;
    },
  },
];

const MAX_SNIPPET = 200;

function snippetOf(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed || /^<(!doctype|html)/i.test(trimmed)) return undefined;
  const oneLine = trimmed.replace(/\s+/g, ' ');
  return oneLine.length > MAX_SNIPPET ? `${oneLine.slice(0, MAX_SNIPPET)}…` : oneLine;
}

/** Reads an error response body (any documented shape, empty, or not JSON at all). */
export function readErrorBody(text: string): ErrorBodyInfo {
  if (!text.trim()) return { details: [] };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { message: snippetOf(text), details: [] };
  }
  if (typeof body === 'string') return { message: snippetOf(body), details: [] };
  if (!isObject(body)) return { details: [] };
  const requestId = str(body.requestId) ?? str(body.request_id) ?? str(body.errorId);
  for (const reader of READERS) {
    const found = reader.read(body);
    if (found) {
      return {
        message: found.message,
        code: found.code,
        requestId: found.requestId ?? requestId,
        details: found.details ?? [],
      };
    }
  }
  return { requestId, details: [] };
}
