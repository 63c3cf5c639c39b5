// Segments as the documents a person edits in the editor: the push fields plus the (read-only) id, with a version
// (the canonical JSON of the push fields) that tells whether someone changed the segment since it was opened.
// Creates go through createOnce, so an unclear failure never makes a second segment.
import { createOnce } from '../clients/createOnce';
import { canonicalJson } from './canonicalJson';
import { findCreated, pick, type ListPage, type ListQuery, type Resource, type SegmentAdapter } from './segmentAdapters';

export interface SegmentDocument {
  id: string;
  name: string;
  body: Resource;
  /** Equal versions mean nobody changed the segment's editable fields. */
  version: string;
}

export class SegmentDocuments {
  constructor(readonly adapter: SegmentAdapter) {}

  get collection() {
    return this.adapter.collection;
  }

  list(query: ListQuery): Promise<ListPage> {
    return this.adapter.page(query);
  }

  async fetch(id: string, signal?: AbortSignal): Promise<SegmentDocument> {
    return this.toDocument(await this.adapter.get(id, signal));
  }

  /** Replaces the segment's editable fields with `body`'s, and reads the result back. */
  async update(id: string, body: Resource, signal?: AbortSignal): Promise<SegmentDocument> {
    await this.adapter.update(id, this.editable(body), signal);
    return this.fetch(id, signal);
  }

  async create(body: Resource, signal?: AbortSignal): Promise<SegmentDocument> {
    const editable = this.editable(body);
    const { resource } = await createOnce({
      create: () => this.adapter.create(editable, signal),
      find: () => findCreated(this.adapter, editable, signal),
    });
    // Some answers omit fields (a CJA create may not echo the definition): read the segment back.
    return this.fetch(this.adapter.summary(resource).id, signal);
  }

  delete(id: string, signal?: AbortSignal): Promise<void> {
    return this.adapter.delete(id, signal);
  }

  template(): Resource {
    return this.adapter.template();
  }

  editable(body: Resource): Resource {
    return pick(body, this.adapter.pushFields);
  }

  version(body: Resource): string {
    return canonicalJson(this.editable(body));
  }

  private toDocument(resource: Resource): SegmentDocument {
    const summary = this.adapter.summary(resource);
    const idValue = this.adapter.service === 'unleash' ? Number(summary.id) : summary.id;
    const body = { id: idValue, ...this.editable(resource) };
    return { id: summary.id, name: summary.name, body, version: this.version(body) };
  }
}
