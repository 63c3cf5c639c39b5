// The one place that decides what a secret looks like. Every error message, error JSON and log entry of the
// remote layer passes through `redact()`, so a secret can leak only if it reaches the outside some other way.

export const REDACTED = '[REDACTED]';

/** Values seen at runtime (client secrets, access tokens, Unleash tokens) that must never be printed. */
const knownSecrets = new Set<string>();
const MAX_KNOWN_SECRETS = 512;
/** Shorter values are too likely to match ordinary text (and too weak to be real secrets). */
const MIN_SECRET_LENGTH = 6;
const MAX_DEPTH = 8;

/** Header names whose values are always secret (compared lower-case). */
const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'cookie',
  'set-cookie',
  'x-gw-ims-user-token',
]);

/** Object keys whose values are always secret (compared lower-case, without `-` and `_`). */
const SECRET_KEYS = new Set([
  'authorization',
  'xapikey',
  'apikey',
  'clientsecret',
  'secret',
  'password',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'token',
  'admintoken',
]);

/** `key=value`, `key: value`, `"key":"value"` where key unmistakably names a secret. */
const KEY_VALUE_PATTERN =
  /((?:client[_-]?secret|access[_-]?token|refresh[_-]?token|id[_-]?token|admin[_-]?token|x-api-key|api[_-]?key)["']?\s*[:=]\s*["']?)([^"'&\s,;}]+)/gi;
/** Generic names (`token`, `secret`, `password`) only as `key=value` or a quoted JSON key, not in prose ("token: ..."). */
const GENERIC_KEY_VALUE_PATTERN = /((?:\b(?:password|secret|token)=)|(?:["'](?:password|secret|token)["']\s*:\s*["']?))([^"'&\s,;}]+)/gi;
const AUTHORIZATION_PATTERN = /(authorization["']?\s*[:=]\s*["']?)(?:bearer\s+)?[^"'\s,;}]+/gi;
const BEARER_PATTERN = /\bbearer\s+[A-Za-z0-9\-._~+/]+=*/gi;
/** Adobe access tokens are JWTs: three base64url parts, the first starting with `eyJ`. */
const JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Remembers a runtime secret so that `redact()` masks it wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  if (knownSecrets.has(value)) return;
  if (knownSecrets.size >= MAX_KNOWN_SECRETS) {
    const oldest = knownSecrets.values().next().value;
    if (oldest !== undefined) knownSecrets.delete(oldest);
  }
  knownSecrets.add(value);
}

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

export function isSecretKey(key: string): boolean {
  return SECRET_HEADERS.has(key.toLowerCase()) || SECRET_KEYS.has(normaliseKey(key));
}

function redactText(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    // Secrets also travel URL-encoded: encodeURIComponent in paths, form encoding in bodies and queries.
    for (const form of new Set([secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)])) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out
    .replace(AUTHORIZATION_PATTERN, `$1${REDACTED}`)
    .replace(BEARER_PATTERN, `Bearer ${REDACTED}`)
    .replace(JWT_PATTERN, REDACTED)
    .replace(KEY_VALUE_PATTERN, keepPrefix)
    .replace(GENERIC_KEY_VALUE_PATTERN, keepPrefix);
}

function keepPrefix(_match: string, prefix: string, value: string): string {
  return value === REDACTED || value.startsWith('[') ? `${prefix}${value}` : `${prefix}${REDACTED}`;
}

function redactValue(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value)) return '[…]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1, seen));
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message) };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    out[key] = isSecretKey(key) && item !== undefined && item !== null && item !== '' ? REDACTED : redactValue(item, depth + 1, seen);
  }
  return out;
}

/**
 * Masks secrets: known runtime secrets anywhere, values of secret headers and keys, bearer tokens and JWTs.
 * Strings stay strings; objects and arrays are copied (bounded depth), never changed in place.
 */
export function redact(value: string): string;
export function redact<T>(value: T): T;
export function redact(value: unknown): unknown {
  return redactValue(value, 0, new WeakSet());
}
