// Analytics components (dimensions for `attr`, metrics for `event`) offered for the `name` of attr/event nodes.
// The bundled standard ids come first; a data view's own components, fetched from the service later, join through
// `addSource` without changing any caller.
import bundled from '../data/aaComponents.json';

export type ComponentKind = 'dimension' | 'metric';

export interface Component {
  kind: ComponentKind;
  id: string;
  name?: string;
  type?: string;
  note?: string;
  /** A numbered family such as `variables/evar{1..250}`: offered as a snippet with the number as a placeholder. */
  family?: { prefix: string; suffix: string; from: number; to: number };
}

export interface ComponentSource {
  readonly label: string;
  components(): readonly Component[];
}

const FAMILY = /^(.*)\{(\d+)\.\.(\d+)\}(.*)$/;

export interface RawComponent {
  kind?: string;
  id?: string;
  name?: string;
  type?: string;
  note?: string;
}

function rawRows(data: unknown): RawComponent[] {
  if (Array.isArray(data)) return data as RawComponent[];
  const rows = (data as { components?: unknown })?.components;
  return Array.isArray(rows) ? (rows as RawComponent[]) : [];
}

export function componentFromRow(row: RawComponent): Component | undefined {
  if (!row.id || (row.kind !== 'dimension' && row.kind !== 'metric')) return undefined;
  const match = FAMILY.exec(row.id);
  return {
    kind: row.kind,
    id: row.id,
    name: row.name || undefined,
    type: row.type || undefined,
    note: row.note || undefined,
    family: match ? { prefix: match[1], from: Number(match[2]), to: Number(match[3]), suffix: match[4] } : undefined,
  };
}

export const BUNDLED_COMPONENTS: ComponentSource = {
  label: 'standard Adobe Analytics / CJA components',
  components: (() => {
    let cache: Component[] | undefined;
    return () => (cache ??= rawRows(bundled).map(componentFromRow).filter((c): c is Component => !!c));
  })(),
};

export class ComponentCatalogue {
  private readonly sources: ComponentSource[] = [BUNDLED_COMPONENTS];

  addSource(source: ComponentSource): void {
    this.sources.unshift(source);
  }

  list(kind: ComponentKind): Component[] {
    const seen = new Set<string>();
    const out: Component[] = [];
    for (const source of this.sources) {
      for (const c of source.components()) {
        if (c.kind === kind && !seen.has(c.id)) {
          seen.add(c.id);
          out.push(c);
        }
      }
    }
    return out;
  }

  /** The component with this id, or the family it belongs to (`variables/evar7` -> the evar family). */
  lookup(id: string): Component | undefined {
    for (const source of this.sources) {
      for (const c of source.components()) {
        if (c.id === id) return c;
        if (c.family && id.startsWith(c.family.prefix) && id.endsWith(c.family.suffix)) {
          const n = Number(id.slice(c.family.prefix.length, id.length - c.family.suffix.length || undefined));
          if (Number.isInteger(n) && n >= c.family.from && n <= c.family.to) return c;
        }
      }
    }
    return undefined;
  }
}

export function describeComponent(c: Component): string {
  const lines = [`**${c.name ?? c.id}** — ${c.kind === 'dimension' ? 'dimension' : 'metric'} \`${c.id}\``];
  if (c.type) lines.push(`Type: ${c.type}`);
  if (c.family) lines.push(`A numbered family: ${c.family.prefix}${c.family.from} … ${c.family.prefix}${c.family.to}${c.family.suffix}.`);
  if (c.note) lines.push(c.note);
  return lines.join('\n\n');
}
