// The CLI's secrets: environment variables SEGMENT_WORKBENCH_<ID>_CLIENT_SECRET and SEGMENT_WORKBENCH_<ID>_TOKEN
// (connection id upper-cased, every other character than A-Z and 0-9 turned into `_`).
import type { SecretKind, SecretSource } from './connectionTypes';

const SUFFIX: Record<SecretKind, string> = { clientSecret: 'CLIENT_SECRET', token: 'TOKEN' };

export function secretEnvName(connectionId: string, kind: SecretKind): string {
  return `SEGMENT_WORKBENCH_${connectionId.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_${SUFFIX[kind]}`;
}

export class EnvSecretSource implements SecretSource {
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}

  async getSecret(connectionId: string, kind: SecretKind): Promise<string | undefined> {
    const value = this.env[secretEnvName(connectionId, kind)];
    return value && value.trim() ? value.trim() : undefined;
  }

  describe(connectionId: string, kind: SecretKind): string {
    return `set the environment variable ${secretEnvName(connectionId, kind)}`;
  }
}
