// PQL value types as the checker infers them. `unknown` never produces a diagnostic: only known types are checked.
import type { FieldRoot } from './fields';

export type PqlType =
  | { k: 'unknown' }
  | { k: 'boolean' }
  | { k: 'string' }
  | { k: 'integer' }
  | { k: 'number' }
  | { k: 'date' }
  | { k: 'date-time' }
  /** An XDM object. With `root`, its fields are the catalogue's children of `path` ('' = the whole profile/event). */
  | { k: 'object'; root?: FieldRoot; path?: string }
  | { k: 'array'; elem: PqlType }
  | { k: 'map'; key: PqlType; value: PqlType }
  /** The result of mapEntry(K, V). */
  | { k: 'entry'; key: PqlType; value: PqlType }
  | { k: 'function' };

export const T_UNKNOWN: PqlType = { k: 'unknown' };
export const T_BOOLEAN: PqlType = { k: 'boolean' };
export const T_STRING: PqlType = { k: 'string' };
export const T_INTEGER: PqlType = { k: 'integer' };
export const T_NUMBER: PqlType = { k: 'number' };
export const T_DATE: PqlType = { k: 'date' };
export const T_DATETIME: PqlType = { k: 'date-time' };
export const T_OBJECT: PqlType = { k: 'object' };
export const T_FUNCTION: PqlType = { k: 'function' };
export const T_PROFILE: PqlType = { k: 'object', root: 'profile', path: '' };
export const T_EVENT: PqlType = { k: 'object', root: 'event', path: '' };
export const T_EVENTS: PqlType = { k: 'array', elem: T_EVENT };

export function arrayOf(elem: PqlType): PqlType {
  return { k: 'array', elem };
}

/** The PQL type of an XDM type string found at `path` (so that objects, array items and map values know where their
 * own fields live in the catalogue). */
export function typeFromXdm(type: string, root: FieldRoot, path: string): PqlType {
  switch (type) {
    case 'string': return T_STRING;
    case 'integer': case 'long': case 'short': case 'byte': return T_INTEGER;
    case 'number': case 'double': return T_NUMBER;
    case 'boolean': return T_BOOLEAN;
    case 'date': return T_DATE;
    case 'date-time': return T_DATETIME;
    case 'object': return { k: 'object', root, path };
  }
  if (type.startsWith('array<') && type.endsWith('>')) return { k: 'array', elem: typeFromXdm(type.slice(6, -1), root, path) };
  if (type.startsWith('map<') && type.endsWith('>')) {
    const inner = type.slice(4, -1);
    const comma = inner.indexOf(',');
    return { k: 'map', key: T_STRING, value: typeFromXdm(inner.slice(comma + 1).trim(), root, path + '.*') };
  }
  return T_UNKNOWN;
}

export function typeName(t: PqlType): string {
  switch (t.k) {
    case 'array': return `array<${typeName(t.elem)}>`;
    case 'map': return `map<${typeName(t.key)}, ${typeName(t.value)}>`;
    case 'entry': return `map entry<${typeName(t.key)}, ${typeName(t.value)}>`;
    case 'object': return t.root && t.path === '' ? (t.root === 'profile' ? 'Profile' : 'ExperienceEvent') : 'object';
    default: return t.k;
  }
}

export const isNumeric = (t: PqlType) => t.k === 'integer' || t.k === 'number';
export const isDateLike = (t: PqlType) => t.k === 'date' || t.k === 'date-time';
/** Scalars that are certainly not Boolean (used by the "must be Boolean" checks). */
export const isNonBooleanScalar = (t: PqlType) => t.k === 'string' || t.k === 'integer' || t.k === 'number' || t.k === 'date' || t.k === 'date-time';

/** Whether two types are the same for merging (if's branches). */
export function sameType(a: PqlType, b: PqlType): boolean {
  if (a.k !== b.k) return false;
  if (a.k === 'array' && b.k === 'array') return sameType(a.elem, b.elem);
  if (a.k === 'map' && b.k === 'map') return sameType(a.value, b.value);
  if (a.k === 'object' && b.k === 'object') return a.root === b.root && a.path === b.path;
  return true;
}

/** if(c, a, b): the common type, number for integer/number mixes, else unknown. */
export function joinTypes(a: PqlType, b: PqlType): PqlType {
  if (sameType(a, b)) return a;
  if (isNumeric(a) && isNumeric(b)) return T_NUMBER;
  if (a.k === 'unknown') return b.k === 'unknown' ? a : T_UNKNOWN;
  return T_UNKNOWN;
}
