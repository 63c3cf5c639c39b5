// The Segments view: connections, their collections, segments and jobs, loaded a page at a time with a
// "Load more" node (never a silent cap), filtered and sorted per collection. A failed load shows an error node that
// says what failed, with Retry and Show Log, never an empty tree.
import * as vscode from 'vscode';
import { summarizeJob, type ConnectionConfig } from '../../../remote/src/index';
import { SETTINGS_PREFIX, Settings } from '../../../server/src/protocol';
import type { ConnectionStore } from '../connections/connectionStore';
import type { RemoteRegistry } from '../remote/remoteRegistry';
import { describeError } from '../../../remote/src/index';
import { remoteUri } from '../remote/remoteUri';
import { COLLECTIONS_OF, COLLECTION_LABEL, jobLabel, listCollection, type ListedItem, type TreeCollection } from './collections';
import { collectionKey, type CollectionNode, type ConnectionNode, type DetailNode, type TreeNode } from './treeNodes';
import { detailsOf, jobDetails } from './segmentDetails';

interface CollectionState {
  items: ListedItem[];
  next?: number;
  total?: number;
  filteredByService: boolean;
  loaded: boolean;
  error?: string;
  filter?: string;
  sort: { property: 'name' | 'modified'; direction: 'asc' | 'desc' };
  /** The in-flight first-page load, shared by concurrent expands. */
  loading?: Promise<void>;
}

const SERVICE_LABEL: Record<ConnectionConfig['service'], string> = { cja: 'CJA', aep: 'AEP', unleash: 'Unleash' };

export class SegmentsTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private readonly loadedEmitter = new vscode.EventEmitter<CollectionNode>();
  /** Fired after a collection's page finished loading (or failed): tests and the status wait on it. */
  readonly onDidLoadCollection = this.loadedEmitter.event;
  private readonly states = new Map<string, CollectionState>();
  private readonly collectionNodes = new Map<string, CollectionNode>();
  private view: vscode.TreeView<TreeNode> | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly connections: ConnectionStore, private readonly registry: RemoteRegistry, private readonly log: vscode.LogOutputChannel) {
    this.subscription = connections.onDidChange(() => this.refreshAll());
  }

  attach(view: vscode.TreeView<TreeNode>): void {
    this.view = view;
    this.updateViewDescription();
  }

  refreshAll(): void {
    this.states.clear();
    this.collectionNodes.clear();
    this.changeEmitter.fire(undefined);
    this.updateViewDescription();
  }

  refresh(node: TreeNode | undefined): void {
    if (!node || node.type === 'connection') {
      for (const key of [...this.states.keys()]) if (!node || key.startsWith(`${node.connection.id}/`)) this.states.delete(key);
      this.changeEmitter.fire(node);
      return;
    }
    if (node.type === 'collection') {
      const state = this.states.get(collectionKey(node));
      this.states.set(collectionKey(node), this.freshState(state));
      this.changeEmitter.fire(this.collectionNode(node.connection, node.collection));
    }
  }

  /** The collection node object the tree knows (the tree matches nodes by identity). */
  collectionNode(connection: ConnectionConfig, collection: TreeCollection): CollectionNode {
    const key = `${connection.id}/${collection}`;
    let node = this.collectionNodes.get(key);
    if (!node || node.connection !== connection) {
      node = { type: 'collection', connection, collection };
      this.collectionNodes.set(key, node);
    }
    return node;
  }

  setFilter(node: CollectionNode, filter: string | undefined): void {
    const state = this.freshState(this.states.get(collectionKey(node)));
    state.filter = filter?.trim() || undefined;
    this.states.set(collectionKey(node), state);
    this.changeEmitter.fire(this.collectionNode(node.connection, node.collection));
    this.updateViewDescription();
  }

  filterOf(node: CollectionNode): string | undefined {
    return this.states.get(collectionKey(node))?.filter;
  }

  setSort(node: CollectionNode, sort: CollectionState['sort']): void {
    const state = this.freshState(this.states.get(collectionKey(node)));
    state.sort = sort;
    this.states.set(collectionKey(node), state);
    this.changeEmitter.fire(this.collectionNode(node.connection, node.collection));
  }

  async loadMore(node: CollectionNode): Promise<void> {
    const state = this.states.get(collectionKey(node));
    if (!state || state.next === undefined) return;
    await this.loadPage(node, state, state.next);
    this.changeEmitter.fire(this.collectionNode(node.connection, node.collection));
  }

  /** Loaded items of a collection (for tests and commands). */
  itemsOf(node: CollectionNode): ListedItem[] {
    return this.states.get(collectionKey(node))?.items ?? [];
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'connection': {
        const c = node.connection;
        const item = new vscode.TreeItem(c.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `connection:${c.id}`;
        item.description = [SERVICE_LABEL[c.service], c.sandbox, c.production ? 'production' : undefined, c.readOnly ? 'read-only' : undefined].filter(Boolean).join(' · ');
        item.tooltip = new vscode.MarkdownString(`**${c.label}** (${SERVICE_LABEL[c.service]})\n\n${c.baseUrl}${c.orgId ? `\n\nOrganisation: ${c.orgId}` : ''}${c.sandbox ? `\n\nSandbox: ${c.sandbox}` : ''}`);
        item.iconPath = new vscode.ThemeIcon(c.production ? 'server-environment' : 'plug', c.production ? new vscode.ThemeColor('charts.red') : undefined);
        item.contextValue = ['connection', c.production ? 'production' : '', c.readOnly ? 'readonly' : ''].filter(Boolean).join('.');
        return item;
      }
      case 'collection': {
        const state = this.states.get(collectionKey(node));
        const item = new vscode.TreeItem(COLLECTION_LABEL[node.collection], vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `collection:${collectionKey(node)}`;
        const count = state?.loaded ? `${state.items.length}${state.total !== undefined ? ` of ${state.total}` : state.next !== undefined ? '+' : ''}` : undefined;
        item.description = [state?.filter ? `filter: "${state.filter}"` : undefined, count].filter(Boolean).join(' · ') || undefined;
        item.iconPath = new vscode.ThemeIcon(node.collection === 'aep-jobs' ? 'run-all' : 'list-tree');
        item.contextValue = ['collection', node.collection, state?.filter ? 'filtered' : '', node.connection.readOnly ? 'readonly' : ''].filter(Boolean).join('.');
        return item;
      }
      case 'segment': {
        const s = node.summary;
        const canExpand = node.collection !== 'aep-definitions';
        const item = new vscode.TreeItem(s.name, canExpand ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `segment:${node.connection.id}/${node.collection}/${s.id}`;
        item.description = [s.owner, s.modified ? formatDate(s.modified) : undefined].filter(Boolean).join(' · ') || undefined;
        const facts = Object.entries(s.facts).map(([k, v]) => `- **${k}:** ${escapeMarkdown(v)}`).join('\n');
        item.tooltip = new vscode.MarkdownString(`**${escapeMarkdown(s.name)}**\n\n${s.description ? escapeMarkdown(s.description) + '\n\n' : ''}- **Id:** \`${s.id}\`\n${s.owner ? `- **Owner:** ${escapeMarkdown(s.owner)}\n` : ''}${s.modified ? `- **Modified:** ${s.modified}\n` : ''}${facts}`);
        item.iconPath = new vscode.ThemeIcon(node.collection === 'unleash-segments' ? 'symbol-boolean' : node.collection === 'aep-definitions' ? 'person' : 'filter');
        item.contextValue = `segment.${node.collection.split('-')[0]}${node.connection.readOnly ? '.readonly' : ''}`;
        item.resourceUri = remoteUri({ connectionId: node.connection.id, collection: node.collection, id: s.id }, s.name);
        item.command = { command: 'segmentWorkbench.openSegment', title: 'Open Segment', arguments: [node] };
        return item;
      }
      case 'job': {
        const summary = summarizeJob(node.job);
        const item = new vscode.TreeItem(jobLabel(node.job), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `job:${node.connection.id}/${node.job.id}`;
        item.description = summary.finished ? `${summary.totalProfilesSegmented.toLocaleString('en')} profiles` : 'running';
        item.tooltip = new vscode.MarkdownString(`**Segment job** \`${node.job.id}\`\n\n- **Status:** ${summary.status}\n- **Segments:** ${summary.segmentIds.join(', ')}\n- **Profiles segmented:** ${summary.totalProfilesSegmented}${summary.totalTimeMs !== undefined ? `\n- **Total time:** ${Math.round(summary.totalTimeMs / 1000)} s` : ''}${summary.errors.length ? `\n- **Errors:** ${summary.errors.map(escapeMarkdown).join('; ')}` : ''}`);
        item.iconPath = new vscode.ThemeIcon(
          summary.status === 'SUCCEEDED' ? 'pass' : summary.status === 'FAILED' ? 'error' : summary.status === 'CANCELLED' ? 'circle-slash' : 'sync~spin',
          summary.status === 'FAILED' ? new vscode.ThemeColor('errorForeground') : undefined,
        );
        item.contextValue = `job.${summary.finished ? 'finished' : 'running'}${node.connection.readOnly ? '.readonly' : ''}`;
        return item;
      }
      case 'loadMore': {
        const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
        item.id = `loadMore:${collectionKey(node.parent)}:${node.loaded}`;
        item.description = node.total !== undefined ? `${node.loaded} of ${node.total} loaded` : `${node.loaded} loaded`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.contextValue = 'loadMore';
        item.command = { command: 'segmentWorkbench.loadMore', title: 'Load More', arguments: [node] };
        return item;
      }
      case 'error': {
        const item = new vscode.TreeItem(node.message, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = node.message;
        item.contextValue = 'error';
        item.command = { command: 'segmentWorkbench.showLog', title: 'Show Log' };
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.label, node.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = `detail:${node.id}`;
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = node.icon ? new vscode.ThemeIcon(node.icon) : undefined;
        item.contextValue = 'detail';
        return item;
      }
    }
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.rootNodes();
    switch (node.type) {
      case 'connection':
        return this.connectionChildren(node);
      case 'collection':
        return this.collectionChildren(node);
      case 'segment':
        return this.guardedDetails(node, () => detailsOf(this.registry, node));
      case 'job':
        return jobDetails(node.job);
      case 'detail':
        return node.children ?? [];
      default:
        return [];
    }
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (node.type === 'collection') return { type: 'connection', connection: node.connection };
    if (node.type === 'segment' || node.type === 'job') {
      return this.collectionNode(node.connection, node.type === 'job' ? 'aep-jobs' : node.collection);
    }
    if (node.type === 'loadMore') return node.parent;
    return undefined;
  }

  private rootNodes(): TreeNode[] {
    if (!vscode.workspace.isTrusted) {
      return [{ type: 'error', message: 'Remote connections are disabled in an untrusted workspace.', retry: undefined }];
    }
    return this.connections.list().map((connection): ConnectionNode => ({ type: 'connection', connection }));
  }

  private async connectionChildren(node: ConnectionNode): Promise<TreeNode[]> {
    if (!(await this.connections.hasSecret(node.connection))) {
      const what = node.connection.service === 'unleash' ? 'API token' : 'client secret';
      return [{ type: 'error', message: `No ${what} stored for "${node.connection.label}": run Edit Connection to add it.`, retry: node }];
    }
    return COLLECTIONS_OF[node.connection.service].map((collection) => this.collectionNode(node.connection, collection));
  }

  private async collectionChildren(node: CollectionNode): Promise<TreeNode[]> {
    const key = collectionKey(node);
    let state = this.states.get(key);
    if (!state) {
      state = this.freshState(undefined);
      this.states.set(key, state);
    }
    if (!state.loaded) {
      const current = state;
      current.loading ??= this.loadPage(node, current, 0).finally(() => { current.loading = undefined; });
      await current.loading;
    }
    const children: TreeNode[] = state.items.map((item): TreeNode => item.type === 'job'
      ? { type: 'job', connection: node.connection, job: item.job }
      : { type: 'segment', connection: node.connection, collection: node.collection as Exclude<TreeCollection, 'aep-jobs'>, summary: item.summary });
    if (state.error) children.push({ type: 'error', message: state.error, retry: node });
    else if (state.next !== undefined) children.push({ type: 'loadMore', parent: this.collectionNode(node.connection, node.collection), loaded: state.items.length, total: state.total });
    else if (!children.length) children.push({ type: 'detail', id: `${key}:empty`, label: state.filter ? `No segments match "${state.filter}"` : 'Nothing here yet', icon: 'info' });
    return children;
  }

  private async loadPage(node: CollectionNode, state: CollectionState, cursor: number): Promise<void> {
    const pageSize = vscode.workspace.getConfiguration(SETTINGS_PREFIX).get<number>(Settings.pageSize, 50);
    try {
      const page = await listCollection(this.registry, node.connection, node.collection, { pageSize, cursor, filter: state.filter, sort: state.sort });
      state.items.push(...page.items);
      state.next = page.next;
      state.total = page.total;
      state.filteredByService = page.filteredByService;
      state.error = undefined;
    } catch (error) {
      const message = `Could not list ${COLLECTION_LABEL[node.collection].toLowerCase()} of "${node.connection.label}": ${describeError(error)}`;
      this.log.error(message);
      state.error = message;
    } finally {
      state.loaded = true;
      this.loadedEmitter.fire(this.collectionNode(node.connection, node.collection));
    }
  }

  private async guardedDetails(node: TreeNode, load: () => Promise<DetailNode[]>): Promise<TreeNode[]> {
    try {
      return await load();
    } catch (error) {
      const message = `Could not load details: ${describeError(error)}`;
      this.log.error(message);
      return [{ type: 'error', message, retry: node }];
    }
  }

  private freshState(previous: CollectionState | undefined): CollectionState {
    return { items: [], loaded: false, filteredByService: true, filter: previous?.filter, sort: previous?.sort ?? { property: 'name', direction: 'asc' } };
  }

  private updateViewDescription(): void {
    if (!this.view) return;
    const filters = [...this.states.entries()].filter(([, s]) => s.filter).map(([key, s]) => {
      const node = this.collectionNodes.get(key);
      return node ? `${node.connection.label} › ${COLLECTION_LABEL[node.collection]}: "${s.filter}"` : `"${s.filter}"`;
    });
    this.view.description = filters.length ? `Filtered — ${filters.join(', ')}` : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
    this.loadedEmitter.dispose();
  }
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 10);
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}
