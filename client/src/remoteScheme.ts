// The URI scheme of remote segments opened as documents (segment-workbench:/<connection>/<kind>/<id>.<kind>.json).
export const REMOTE_SCHEME = 'segment-workbench';
