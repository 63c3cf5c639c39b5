// OpenAPI 3.0 response schemas turned into JSON Schema for ajv: local $refs inlined, `nullable` converted, and the
// one generator artefact of cja-swagger.json relaxed (see relaxMapOfObjects).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import YAML from 'yaml';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = { paths: Record<string, Record<string, unknown>>; components?: { schemas?: Record<string, JsonSchema> } };

const SPEC_DIR = join(__dirname, '..', '..', 'fixtures', 'specs');
const MAX_DEPTH = 64;

export function loadCjaSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(join(SPEC_DIR, 'cja-swagger.json'), 'utf8')) as OpenApiDocument;
}

export function loadAepSpec(): OpenApiDocument {
  return YAML.parse(readFileSync(join(SPEC_DIR, 'aep-segmentation.yaml'), 'utf8')) as OpenApiDocument;
}

/** The application/json schema the spec declares for `method path` answering `status`, ready for ajv. */
export function responseSchema(spec: OpenApiDocument, path: string, method: string, status: number): JsonSchema {
  const operation = spec.paths[path]?.[method.toLowerCase()] as { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> } | undefined;
  if (!operation) throw new Error(`The spec has no operation ${method} ${path}`);
  const response = operation.responses?.[String(status)];
  if (!response) throw new Error(`The spec declares no ${status} answer for ${method} ${path}`);
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`The spec's ${status} answer for ${method} ${path} has no JSON schema`);
  return toJsonSchema(schema, spec, 0, []);
}

export function componentSchema(spec: OpenApiDocument, name: string): JsonSchema {
  const schema = spec.components?.schemas?.[name];
  if (!schema) throw new Error(`The spec has no component schema ${name}`);
  return toJsonSchema(schema, spec, 0, []);
}

/** Every operation of the spec whose path starts with one of the prefixes, as `METHOD path`. */
export function operationsUnder(spec: OpenApiDocument, prefixes: string[]): string[] {
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  const out: string[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`))) continue;
    for (const method of methods) if (item[method]) out.push(`${method.toUpperCase()} ${path}`);
  }
  return out.sort();
}

function toJsonSchema(node: unknown, spec: OpenApiDocument, depth: number, refStack: string[]): JsonSchema {
  if (depth > MAX_DEPTH) throw new Error('schema nested too deeply');
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return node as JsonSchema;
  const schema = node as JsonSchema;
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref ${ref} is not supported`);
    if (refStack.includes(ref)) return {}; // a recursive schema: accept anything below the cycle
    const target = ref.slice(2).split('/').reduce<unknown>((at, key) => (at as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
    if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
    return toJsonSchema(target, spec, depth + 1, [...refStack, ref]);
  }
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'examples' || key === 'xml' || key === 'externalDocs' || key.startsWith('x-')) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toJsonSchema(sub, spec, depth + 1, refStack)]));
    } else if (key === 'items' || key === 'not') {
      out[key] = toJsonSchema(value, spec, depth + 1, refStack);
    } else if (key === 'additionalProperties') {
      out[key] = relaxMapOfObjects(value) ?? (typeof value === 'boolean' ? value : toJsonSchema(value, spec, depth + 1, refStack));
    } else if ((key === 'allOf' || key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => toJsonSchema(sub, spec, depth + 1, refStack));
    } else if (key !== 'nullable') {
      out[key] = value;
    }
  }
  // OpenAPI 3.0 `nullable: true` is JSON Schema's extra 'null' type.
  if (schema.nullable === true && typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * cja-swagger.json was generated from Java: a `Map<String, Object>` field (definition, compatibility, tags items,
 * usageSummary, errorDetails, the list answer) came out as `additionalProperties: {type: object}`, which would
 * require every value to be an object. The CJA guide's samples show strings, numbers, booleans and arrays there
 * (`"func": "segment"`, `"valid": true`, `"id": 1234`), so such values are accepted as any JSON value.
 */
function relaxMapOfObjects(value: unknown): true | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  const emptyProperties = record.properties === undefined || (typeof record.properties === 'object' && record.properties !== null && Object.keys(record.properties).length === 0);
  if (record.type === 'object' && emptyProperties && keys.every((key) => key === 'type' || key === 'properties')) return true;
  return undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function createAjv(): Ajv {
  return new Ajv({
    strict: false,
    allErrors: true,
    formats: {
      'date-time': (text: string) => ISO_DATE_TIME.test(text) && !Number.isNaN(Date.parse(text)),
      int32: true,
      int64: true,
      float: true,
      double: true,
      byte: true,
      binary: true,
      date: /^\d{4}-\d{2}-\d{2}$/,
      uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      uri: true,
      email: true,
    },
  });
}

/** Asserts that `value` satisfies `validate`, with ajv's messages in the failure. */
export function conforms(validate: ValidateFunction, value: unknown, label: string): void {
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message}`).join('; ');
  throw new Error(`${label} does not conform: ${problems}\n${JSON.stringify(value).slice(0, 800)}`);
}
