// Access tokens issued by the emulated IMS. Opaque to clients (JWT-shaped like IMS's), checked by lookup.
import { randomBytes } from 'node:crypto';

interface IssuedToken {
  clientId: string;
  expiresAt: number;
}

export type TokenCheck = { valid: true; clientId: string } | { valid: false };

/** Issued tokens are kept until they expire; a bound keeps a token-hungry client from growing the map forever. */
const MAX_TOKENS = 10_000;

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  issue(clientId: string, userId: string, ttlSeconds: number, now: number): string {
    this.prune(now);
    const header = base64url({ alg: 'RS256', x5u: 'ims_na1-key-at-1.cer', kid: 'ims_na1-key-at-1', itt: 'at' });
    const payload = base64url({
      id: randomBytes(12).toString('hex'),
      type: 'access_token',
      client_id: clientId,
      user_id: userId,
      as: 'ims-na1',
      created_at: String(now),
      expires_in: String(ttlSeconds * 1000),
    });
    const token = `${header}.${payload}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { clientId, expiresAt: now + ttlSeconds * 1000 });
    return token;
  }

  check(token: string, now: number): TokenCheck {
    const issued = this.tokens.get(token);
    if (!issued || issued.expiresAt <= now) return { valid: false };
    return { valid: true, clientId: issued.clientId };
  }

  revokeAll(): void {
    this.tokens.clear();
  }

  private prune(now: number): void {
    for (const [token, issued] of this.tokens) {
      if (issued.expiresAt <= now) this.tokens.delete(token);
    }
    // Still too many live ones: forget the oldest (Map keeps insertion order).
    for (const token of this.tokens.keys()) {
      if (this.tokens.size < MAX_TOKENS) break;
      this.tokens.delete(token);
    }
  }
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}
