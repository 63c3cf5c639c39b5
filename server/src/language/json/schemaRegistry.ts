// The three JSON Schemas of the segment kinds, compiled once by ajv and shared by validation, completion and hover.
// The schemas are the catalogue: their descriptions, enums and snippets feed every feature.
import Ajv, { type ValidateFunction } from 'ajv';
import cjaSchema from '../../../../schemas/cja-segment.schema.json';
import aepSchema from '../../../../schemas/aep-segment.schema.json';
import unleashSchema from '../../../../schemas/unleash-segment.schema.json';

export type JsonKind = 'cja' | 'aep' | 'unleash';

/**
 * Annotation keywords the schemas may use besides standard JSON Schema (VS Code's and our own), with the JSON type of
 * their values: strict ajv rejects any other keyword, and a value of the wrong type.
 */
export const ANNOTATION_KEYWORDS = {
  markdownDescription: 'string',
  markdownEnumDescriptions: 'array',
  enumDescriptions: 'array',
  defaultSnippets: 'array',
  deprecationMessage: 'string',
  doNotSuggest: 'boolean',
  'x-operators': 'object',
  'x-severity': 'string',
} as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

export const SCHEMAS: Record<JsonKind, JsonSchema> = {
  cja: cjaSchema as JsonSchema,
  aep: aepSchema as JsonSchema,
  unleash: unleashSchema as JsonSchema,
};

export function createAjv(): Ajv {
  // verbose: errors carry the schema that failed, so messages can name a union's members and a property's type.
  const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, verbose: true, allowUnionTypes: true });
  for (const [keyword, schemaType] of Object.entries(ANNOTATION_KEYWORDS)) ajv.addKeyword({ keyword, schemaType });
  return ajv;
}

let ajvInstance: Ajv | undefined;
const validators = new Map<JsonKind, ValidateFunction>();

/** The shared ajv instance (also used to evaluate `if` conditions while navigating schemas). */
export function sharedAjv(): Ajv {
  ajvInstance ??= createAjv();
  return ajvInstance;
}

/** The compiled validator of a kind; compiled on first use and then reused. */
export function validatorFor(kind: JsonKind): ValidateFunction {
  let validate = validators.get(kind);
  if (!validate) {
    validate = sharedAjv().compile(SCHEMAS[kind]);
    validators.set(kind, validate);
  }
  return validate;
}

/** Resolves a local `$ref` (`#/definitions/x` or `#/$defs/x`) against a kind's root schema. */
export function resolveRef(root: JsonSchema, ref: string): JsonSchema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const key = decodeURIComponent(raw.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!node || typeof node !== 'object') return undefined;
    node = (node as JsonSchema)[key];
  }
  return node && typeof node === 'object' ? (node as JsonSchema) : undefined;
}
