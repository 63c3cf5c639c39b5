// Field catalogues: where PQL paths are looked up. The interface is small so that a sandbox's live union schema can
// replace the bundled XDM table later: build a TableFieldCatalogue from its rows, or implement FieldCatalogue.
import xdmData from '../data/xdmFields.json';

/** `profile` for paths of the profile (the segment's input), `event` for ExperienceEvent paths (inside `xEvent`). */
export type FieldRoot = 'profile' | 'event';

export interface FieldInfo {
  root: FieldRoot;
  /** Dotted PQL path; `*` stands for a map key, array items' fields continue the array's path
   * (`productListItems.SKU`). */
  path: string;
  /** XDM type: string, integer, number, boolean, date, date-time, object, array<T>, map<string,T>. */
  type: string;
  title?: string;
  description?: string;
  /** Field group or class that defines it. */
  fieldGroup?: string;
}

export interface FieldCatalogue {
  /** One line naming the catalogue, shown in hovers. */
  readonly description: string;
  /** The field at `path` (dotted, `*` for map keys) under the profile or an event. */
  lookup(root: FieldRoot, path: string): FieldInfo | undefined;
  /** The fields one segment below `prefix` ('' for the top level), sorted by name. */
  children(root: FieldRoot, prefix: string): FieldInfo[];
}

/** A catalogue over a flat list of fields. Missing intermediate objects are synthesised. */
export class TableFieldCatalogue implements FieldCatalogue {
  private readonly byPath = new Map<string, FieldInfo>();
  private readonly kids = new Map<string, FieldInfo[]>();

  constructor(fields: Iterable<FieldInfo>, readonly description: string) {
    for (const f of fields) this.add(f);
    for (const list of this.kids.values()) list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  private add(f: FieldInfo): void {
    const key = f.root + '\0' + f.path;
    const existing = this.byPath.get(key);
    if (existing) {
      if (existing.type === 'object' && !existing.title && f.type !== 'object') Object.assign(existing, f);
      else if (!existing.title && f.title) Object.assign(existing, f);
      return;
    }
    this.byPath.set(key, f);
    const dot = f.path.lastIndexOf('.');
    const parent = dot < 0 ? '' : f.path.slice(0, dot);
    const pkey = f.root + '\0' + parent;
    let list = this.kids.get(pkey);
    if (!list) { list = []; this.kids.set(pkey, list); }
    list.push(f);
    if (parent && !this.byPath.has(pkey)) {
      const seg = parent.slice(parent.lastIndexOf('.') + 1);
      // `a.*` parents are map values; their own row (the map) is the grandparent.
      if (seg !== '*') this.add({ root: f.root, path: parent, type: 'object' });
      else {
        const gp = parent.slice(0, parent.lastIndexOf('.'));
        if (!this.byPath.has(f.root + '\0' + gp)) this.add({ root: f.root, path: gp, type: 'map<string,object>' });
        this.byPath.set(pkey, { root: f.root, path: parent, type: 'object' });
      }
    }
  }

  lookup(root: FieldRoot, path: string): FieldInfo | undefined {
    return this.byPath.get(root + '\0' + path);
  }

  children(root: FieldRoot, prefix: string): FieldInfo[] {
    return this.kids.get(root + '\0' + prefix) ?? [];
  }
}

type Row = [string, string, string, string, number];
interface XdmData { attribution: string; fieldGroups: string[]; profile: Row[]; event: Row[] }

let bundled: TableFieldCatalogue | undefined;

/** The XDM Individual Profile and ExperienceEvent fields shipped with the extension (adobe/xdm, CC BY 4.0). */
export function bundledFieldCatalogue(): FieldCatalogue {
  if (!bundled) {
    const data = xdmData as unknown as XdmData;
    const rows: FieldInfo[] = [];
    for (const root of ['profile', 'event'] as const) {
      for (const [path, type, title, description, g] of data[root]) {
        rows.push({ root, path, type, title: title || undefined, description: description || undefined, fieldGroup: data.fieldGroups[g] || undefined });
      }
    }
    bundled = new TableFieldCatalogue(rows, 'XDM standard field groups (adobe/xdm, CC BY 4.0)');
  }
  return bundled;
}

/** The attribution line for the bundled catalogue's data. */
export function bundledFieldAttribution(): string {
  return (xdmData as unknown as XdmData).attribution;
}
