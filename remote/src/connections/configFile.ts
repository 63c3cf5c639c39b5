// The CLI's connection file, segment-workbench.config.json: `{ "connections": [ ... ] }` (comments allowed).
// Parsed with jsonc-parser, checked with ajv against one schema, then for what a schema cannot say
// (unique ids, per-service required fields, allowed URLs). Secrets in the file are refused.
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import Ajv from 'ajv';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { checkEndpoint } from '../http/endpointPolicy';
import { ConfigError } from '../http/errors';
import type { ConnectionConfig } from './connectionTypes';

export const CONFIG_FILE_NAME = 'segment-workbench.config.json';

export interface ConnectionsFile {
  connections: ConnectionConfig[];
}

const connectionSchema = {
  type: 'object',
  required: ['id', 'service', 'baseUrl'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]*$', maxLength: 64 },
    label: { type: 'string' },
    service: { enum: ['cja', 'aep', 'unleash'] },
    baseUrl: { type: 'string', minLength: 1 },
    imsUrl: { type: 'string', minLength: 1 },
    orgId: { type: 'string', minLength: 1 },
    clientId: { type: 'string', minLength: 1 },
    sandbox: { type: 'string', minLength: 1 },
    scopes: { type: 'array', items: { type: 'string', minLength: 1 } },
    rateLimit: {
      type: 'object',
      additionalProperties: false,
      properties: {
        perMinute: { type: 'integer', minimum: 1 },
        concurrent: { type: 'integer', minimum: 1 },
        burst: { type: 'integer', minimum: 1 },
      },
    },
    production: { type: 'boolean' },
    readOnly: { type: 'boolean' },
  },
} as const;

const fileSchema = {
  type: 'object',
  required: ['connections'],
  properties: {
    $schema: { type: 'string' },
    connections: { type: 'array', items: connectionSchema },
  },
  additionalProperties: false,
} as const;

const SECRET_FIELDS = ['clientSecret', 'client_secret', 'token', 'secret', 'password', 'accessToken'];

const ajv = new Ajv({ allErrors: true });
const validateFile = ajv.compile(fileSchema);

function parseErrorText(errors: ParseError[], text: string): string {
  return errors
    .slice(0, 5)
    .map((e) => {
      const before = text.slice(0, e.offset);
      const line = before.split('\n').length;
      const column = e.offset - before.lastIndexOf('\n');
      return `${printParseErrorCode(e.error)} at line ${line}, column ${column}`;
    })
    .join('; ');
}

/** Checks a parsed connections file (exported for the extension, which reads its settings differently). */
export function checkConnections(value: unknown, source: string): ConnectionConfig[] {
  if (typeof value === 'object' && value !== null && Array.isArray((value as { connections?: unknown }).connections)) {
    for (const [index, item] of ((value as { connections: unknown[] }).connections).entries()) {
      if (typeof item !== 'object' || item === null) continue;
      const secret = SECRET_FIELDS.find((field) => field in item);
      if (secret) {
        throw new ConfigError(
          `${source}: connections[${index}] contains "${secret}". Secrets never go in the config file: use SEGMENT_WORKBENCH_<ID>_CLIENT_SECRET or SEGMENT_WORKBENCH_<ID>_TOKEN.`,
        );
      }
    }
  }
  if (!validateFile(value)) {
    const problems = (validateFile.errors ?? [])
      .slice(0, 8)
      .map((e) => `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as string[]).join(', ')})` : ''}`);
    throw new ConfigError(`${source} is not a valid connections file: ${problems.join('; ')}`);
  }
  const connections = (value as ConnectionsFile).connections.map((c) => ({ ...c, label: c.label ?? c.id }));
  const seen = new Set<string>();
  for (const connection of connections) {
    const where = `${source}: connection "${connection.id}"`;
    if (seen.has(connection.id)) throw new ConfigError(`${where} is defined twice.`);
    seen.add(connection.id);
    try {
      checkEndpoint(connection.baseUrl, 'baseUrl');
      if (connection.imsUrl) checkEndpoint(connection.imsUrl, 'imsUrl');
    } catch (error) {
      throw new ConfigError(`${where}: ${(error as Error).message}`);
    }
    if (connection.service !== 'unleash') {
      const missing = (['orgId', 'clientId'] as const).filter((field) => !connection[field]);
      if (connection.service === 'aep' && !connection.sandbox) missing.push('sandbox' as never);
      if (missing.length) throw new ConfigError(`${where} (${connection.service}) needs ${missing.join(', ')}.`);
    }
  }
  return connections;
}

/** Reads and checks a connections file; `path` is resolved against `cwd`. */
export async function loadConnectionsFile(path: string, cwd: string = process.cwd()): Promise<ConnectionConfig[]> {
  const full = isAbsolute(path) ? path : resolve(cwd, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(
      code === 'ENOENT'
        ? `No connections file at ${full}. Create ${CONFIG_FILE_NAME} with {"connections": [...]} or pass --config FILE.`
        : `Cannot read ${full}: ${(error as Error).message}`,
    );
  }
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length) throw new ConfigError(`${full} is not valid JSON: ${parseErrorText(errors, text)}`);
  return checkConnections(value, full);
}
