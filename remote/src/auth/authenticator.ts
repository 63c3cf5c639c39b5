// How a client proves who it is. The caller asks for headers before each attempt and reports a 401 once;
// the authenticator decides whether new credentials are worth one more attempt.

export interface Authenticator {
  /** Headers for the next request (may fetch a token first). */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /** The request sent with `used` got a 401: drop those credentials; true when a retry may succeed. */
  refreshAfterUnauthorized(used: Record<string, string>): Promise<boolean>;
}

/** Unleash admin API: the token itself in `Authorization`, no `Bearer` prefix, nothing to refresh. */
export class StaticTokenAuthenticator implements Authenticator {
  constructor(private readonly getToken: () => Promise<string>) {}

  async headers(): Promise<Record<string, string>> {
    return { authorization: await this.getToken() };
  }

  async refreshAfterUnauthorized(): Promise<boolean> {
    return false;
  }
}
