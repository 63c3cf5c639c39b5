// Which URLs the remote layer may talk to: https anywhere, plain http only on this machine (tests, the demo),
// so that tokens and client secrets never cross a network unencrypted.
import { ConfigError } from './errors';

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '[::1]' || host === '::1') return true;
  const parts = host.split('.');
  if (parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return parts[0] === '127';
  return false;
}

/**
 * Parses and checks a base URL or request URL.
 * @throws ConfigError for an unparsable URL, a scheme other than http(s), or http to a non-loopback host.
 */
export function checkEndpoint(url: string | URL, what = 'URL'): URL {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    throw new ConfigError(`The ${what} "${String(url)}" is not a valid URL.`);
  }
  if (parsed.username || parsed.password) {
    throw new ConfigError(`The ${what} must not contain a user name or password; use the secret store.`);
  }
  if (parsed.protocol === 'https:') return parsed;
  if (parsed.protocol === 'http:') {
    if (isLoopbackHost(parsed.hostname)) return parsed;
    throw new ConfigError(
      `The ${what} ${parsed.origin} uses http: plain http is only allowed for loopback addresses (127.0.0.0/8, localhost, [::1]); use https.`,
    );
  }
  throw new ConfigError(`The ${what} ${parsed.origin} uses ${parsed.protocol}; only https (or http on loopback) is allowed.`);
}
