// The one module of names shared by the client and the language server: setting keys, custom requests and
// notifications, the language ids. Neither side spells these strings anywhere else.

export const EXTENSION_ID = 'segment-workbench.segment-workbench';
export const SETTINGS_PREFIX = 'segmentWorkbench';

export const LANGUAGE_ID_PQL = 'pql';

/** Setting keys, relative to SETTINGS_PREFIX. */
export const Settings = {
  /** Extra glob patterns per kind: `{ "cja": ["segments/**\/*.json"], "aep": [], "unleash": [] }`. */
  fileAssociations: 'files.associations',
  /** Recognise other JSON files whose content clearly is a segment. */
  detectByContent: 'files.detectByContent',
  validationEnabled: 'validation.enable',
  /** Whether a PQL expression in an AEP definition must be boolean (a segment predicate). */
  pqlRequireBoolean: 'pql.requireBoolean',
  connections: 'connections',
  pageSize: 'tree.pageSize',
  confirmWritesToProduction: 'remote.confirmWritesToProduction',
} as const;

/** The server's view of the settings, sent in initializationOptions and on change. */
export interface ServerSettings {
  fileAssociations: { cja?: string[]; aep?: string[]; unleash?: string[] };
  detectByContent: boolean;
  validationEnabled: boolean;
  pqlRequireBoolean: boolean;
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  fileAssociations: {},
  detectByContent: true,
  validationEnabled: true,
  pqlRequireBoolean: true,
};

/** Custom notifications and requests. */
export const Protocol = {
  /** client -> server: the settings changed (a ServerSettings object). */
  didChangeSettings: 'segmentWorkbench/didChangeSettings',
  /**
   * client -> server: a data view's own components, offered beside the standard ids for attr/event names
   * ({label, components: [{kind: 'dimension'|'metric', id, name?}]}).
   */
  addComponents: 'segmentWorkbench/addComponents',
} as const;
