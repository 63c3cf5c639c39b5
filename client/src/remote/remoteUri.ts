// Remote segments open as documents at segment-workbench:/<connection>/<collection>/<id>/<file name>, the file name
// ending in the kind's suffix (`.cja.json` ...) so that the language server treats them like local files.
// New segments get the id `new-<n>` until their first save creates them.
import * as vscode from 'vscode';
import { REMOTE_SCHEME } from '../remoteScheme';
import type { ServiceKind } from '../../../remote/src/index';
import type { CollectionKind } from '../../../remote/src/segments/segmentAdapters';

export interface RemoteSegmentRef {
  connectionId: string;
  collection: CollectionKind;
  id: string;
}

const KIND_OF: Record<CollectionKind, ServiceKind> = { 'cja-segments': 'cja', 'aep-definitions': 'aep', 'unleash-segments': 'unleash' };
const COLLECTIONS = new Set<string>(Object.keys(KIND_OF));

export function kindOfCollection(collection: CollectionKind): ServiceKind {
  return KIND_OF[collection];
}

export function remoteUri(ref: RemoteSegmentRef, name: string): vscode.Uri {
  const slug = name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'segment';
  return vscode.Uri.from({
    scheme: REMOTE_SCHEME,
    path: `/${encodeURIComponent(ref.connectionId)}/${ref.collection}/${encodeURIComponent(ref.id)}/${slug}.${KIND_OF[ref.collection]}.json`,
  });
}

export function parseRemoteUri(uri: vscode.Uri): RemoteSegmentRef | undefined {
  if (uri.scheme !== REMOTE_SCHEME) return undefined;
  const [connection, collection, id] = uri.path.split('/').filter(Boolean);
  if (!connection || !collection || !id || !COLLECTIONS.has(collection)) return undefined;
  return { connectionId: decodeURIComponent(connection), collection: collection as CollectionKind, id: decodeURIComponent(id) };
}

export function isNewSegmentId(id: string): boolean {
  return id.startsWith('new-');
}
