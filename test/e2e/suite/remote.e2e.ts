// The Segments view and remote editing in a real editor, against the Adobe API emulator and a real Unleash
// (both started by test/e2e/services.mjs): connections, listing, paging, filtering, opening with language features,
// saving, conflicts, create, delete, validate and an AEP job.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, SETTINGS_PREFIX } from '../../../server/src/protocol';
import type { SegmentWorkbenchApi } from '../../../client/src/extension';
import type { CollectionNode, TreeNode } from '../../../client/src/tree/treeNodes';
import type { ConnectionConfig } from '../../../remote/src/index';
import { screenshot } from './screenshot';
import { waitForDiagnostics, waitForEvent } from './waitFor';
import { answerInput, canAnswerInputs } from './userInput';

interface AdobeEmulator { url: string; credentials: { clientId: string; clientSecret: string; orgId: string; sandbox: string } }
interface UnleashServer { url: string; adminToken: string }

function env<T>(name: string): T {
  const raw = process.env[name];
  assert.ok(raw, `${name} is not set: test/e2e/services.mjs starts the emulator and Unleash for this suite`);
  return JSON.parse(raw) as T;
}

const LANGUAGE_SERVER = 'segment-workbench';
let api: SegmentWorkbenchApi;
let adobe: AdobeEmulator;
let unleash: UnleashServer;
const ids = { cja: 'e2e-cja', aep: 'e2e-aep', unleash: 'e2e-unleash' };

async function children(node?: TreeNode): Promise<TreeNode[]> {
  return (await api.workbench.tree.getChildren(node)) ?? [];
}

async function collection(connectionId: string, kind: CollectionNode['collection']): Promise<CollectionNode> {
  const connection = (await children()).find((n) => n.type === 'connection' && n.connection.id === connectionId);
  assert.ok(connection, `no connection ${connectionId} in the tree`);
  const node = (await children(connection)).find((n): n is CollectionNode => n.type === 'collection' && n.collection === kind);
  assert.ok(node, `no ${kind} under ${connectionId}: ${JSON.stringify((await children(connection)).map((c) => c.type))}`);
  return node;
}

function labels(nodes: TreeNode[]): string[] {
  return nodes.map((n) => (n.type === 'segment' ? n.summary.name : n.type));
}

async function unleashApi(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${unleash.url}${path}`, { ...init, headers: { Authorization: unleash.adminToken, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
}

async function replaceAll(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

suite('remote segments', () => {
  suiteSetup(async () => {
    adobe = env<AdobeEmulator>('SEGMENT_WORKBENCH_E2E_ADOBE');
    unleash = env<UnleashServer>('SEGMENT_WORKBENCH_E2E_UNLEASH');
    const extension = vscode.extensions.getExtension<SegmentWorkbenchApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    await vscode.workspace.getConfiguration(SETTINGS_PREFIX).update('tree.pageSize', 5, vscode.ConfigurationTarget.Global);
    const adobeCommon = { imsUrl: adobe.url, orgId: adobe.credentials.orgId, clientId: adobe.credentials.clientId, secret: adobe.credentials.clientSecret };
    await vscode.commands.executeCommand('segmentWorkbench.addConnection', { id: ids.cja, label: 'E2E CJA', service: 'cja', baseUrl: adobe.url, ...adobeCommon });
    await vscode.commands.executeCommand('segmentWorkbench.addConnection', { id: ids.aep, label: 'E2E AEP', service: 'aep', baseUrl: `${adobe.url}/data/core/ups`, sandbox: adobe.credentials.sandbox, ...adobeCommon });
    await vscode.commands.executeCommand('segmentWorkbench.addConnection', { id: ids.unleash, label: 'E2E Unleash', service: 'unleash', baseUrl: unleash.url, secret: unleash.adminToken });
  });

  test('connections keep their secrets out of settings', () => {
    const stored = vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect<ConnectionConfig[]>('connections')?.globalValue ?? [];
    assert.deepEqual(stored.map((c) => c.id).sort(), Object.values(ids).sort());
    const text = JSON.stringify(stored);
    assert.ok(!text.includes(adobe.credentials.clientSecret), 'the client secret reached the settings');
    assert.ok(!text.includes(unleash.adminToken), 'the Unleash token reached the settings');
  });

  test('the tree lists CJA segments a page at a time, and filters by name', async () => {
    const segments = await collection(ids.cja, 'cja-segments');
    const firstPage = await children(segments);
    assert.equal(firstPage.filter((n) => n.type === 'segment').length, 5, JSON.stringify(labels(firstPage)));
    const loadMore = firstPage.find((n) => n.type === 'loadMore');
    assert.ok(loadMore, 'a "Load more" node after the first page');
    const loaded = waitForEvent(api.workbench.tree.onDidLoadCollection);
    await vscode.commands.executeCommand('segmentWorkbench.loadMore', loadMore);
    await loaded;
    const twoPages = await children(segments);
    assert.equal(twoPages.filter((n) => n.type === 'segment').length, 10, JSON.stringify(labels(twoPages)));

    await vscode.commands.executeCommand('segmentWorkbench.segments.focus');
    await api.workbench.treeView.reveal(segments, { expand: true });
    await screenshot('segments-tree');

    await vscode.commands.executeCommand('segmentWorkbench.filter', segments, 'landing');
    const filtered = (await children(segments)).filter((n) => n.type === 'segment');
    assert.ok(filtered.length >= 2, JSON.stringify(labels(filtered)));
    for (const name of labels(filtered)) assert.match(name, /landing/i);
    assert.match(api.workbench.treeView.description ?? '', /landing/);
    await vscode.commands.executeCommand('segmentWorkbench.clearFilter', segments);
    assert.equal(api.workbench.treeView.description, undefined);

    // From the command palette (no argument) a view command acts on the selection.
    await api.workbench.treeView.reveal(segments, { select: true, expand: true });
    assert.equal((await children(segments)).filter((n) => n.type === 'segment').length, 5);
    const more = waitForEvent(api.workbench.tree.onDidLoadCollection);
    await vscode.commands.executeCommand('segmentWorkbench.loadMore');
    await more;
    assert.equal((await children(segments)).filter((n) => n.type === 'segment').length, 10);
  });

  test('an opened segment gets diagnostics and hover from the language server', async () => {
    const segments = await collection(ids.cja, 'cja-segments');
    await vscode.commands.executeCommand('segmentWorkbench.filter', segments, 'Page viewed');
    const node = (await children(segments)).find((n) => n.type === 'segment');
    assert.ok(node && node.type === 'segment');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('segmentWorkbench.openSegment', node);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.fileName, /\.cja\.json$/);
    const text = document.getText();
    const at = text.indexOf('"exists"');
    assert.ok(at > 0, text);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, document.positionAt(at + 3));
    const hoverText = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /exists/);

    await replaceAll(document, text.replace('"exists"', '"existz"'));
    const diagnostics = await waitForDiagnostics(uri, (all) => all.some((d) => d.source === LANGUAGE_SERVER && /existz/.test(d.message)));
    assert.ok(diagnostics.some((d) => d.severity === vscode.DiagnosticSeverity.Error));
    await screenshot('remote-segment-diagnostics');
    await replaceAll(document, text);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await vscode.commands.executeCommand('segmentWorkbench.clearFilter', segments);
  });

  test('an edit saved lands on the server; a conflicting remote change is detected and nothing is lost', async () => {
    const connection = api.workbench.connections.get(ids.cja)!;
    const store = api.workbench.registry.storeFor(connection);
    const id = 's300000938_5f1a2b3c4d5e6f7a8b9c0d02';
    const uri = await vscode.commands.executeCommand<vscode.Uri>('segmentWorkbench.openSegment', { connectionId: ids.cja, collection: 'cja-segments', id, name: 'Landed on Main Landing Page' });
    const document = await vscode.workspace.openTextDocument(uri);
    const original = JSON.parse(document.getText()) as { name: string };

    // A save pushes the edit.
    await replaceAll(document, document.getText().replace(original.name, 'Landed on Main Landing Page (edited)'));
    assert.equal(await document.save(), true);
    assert.equal((await store.fetch(id)).name, 'Landed on Main Landing Page (edited)');

    // Someone else changes the segment; our next save must not overwrite it, and our edit must stay.
    const theirs = await fetch(`${adobe.url}/__emulator/mutate`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ service: 'cja', id, patch: { description: 'changed by a colleague' } }) });
    assert.equal(theirs.status, 200);
    const conflict = waitForEvent(api.workbench.files.onDidDetectConflict);
    await replaceAll(document, document.getText().replace('(edited)', '(edited twice)'));
    assert.equal(await document.save(), false, 'the save must fail on a conflict');
    await conflict;
    assert.equal(document.isDirty, true);
    assert.match(document.getText(), /edited twice/);
    const remote = await store.fetch(id);
    assert.equal(remote.body.description, 'changed by a colleague');
    assert.equal(remote.name, 'Landed on Main Landing Page (edited)');
    await screenshot('conflict-prompt');

    // The user chooses to overwrite: now the edit lands.
    assert.equal(await vscode.commands.executeCommand('segmentWorkbench.conflict.overwrite', uri), true);
    assert.equal((await store.fetch(id)).name, 'Landed on Main Landing Page (edited twice)');
    assert.equal(document.isDirty, false);
  });

  test('the service validates a definition and its answer shows as diagnostics', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri>('segmentWorkbench.openSegment', { connectionId: ids.cja, collection: 'cja-segments', id: 's300000938_5f1a2b3c4d5e6f7a8b9c0d06', name: 'Page exists (hits)' });
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    const valid = await vscode.commands.executeCommand<{ valid: boolean }>('segmentWorkbench.validateWithService', uri);
    assert.equal(valid?.valid, true);
    await replaceAll(document, document.getText().replace('"hits"', '"pageviews"'));
    const invalid = await vscode.commands.executeCommand<{ valid: boolean; errors: string[] }>('segmentWorkbench.validateWithService', uri);
    assert.equal(invalid?.valid, false);
    assert.ok(vscode.languages.getDiagnostics(uri).some((d) => d.source === 'CJA validate'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('a new Unleash segment is created on first save, and deleting a segment in use is refused with the flags named', async () => {
    const node = await collection(ids.unleash, 'unleash-segments');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('segmentWorkbench.newSegment', node);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.match(document.fileName, /\.unleash\.json$/);
    const name = `e2e-created-${Date.now()}`;
    await replaceAll(document, JSON.stringify({ name, description: 'made in the editor', constraints: [{ contextName: 'userId', operator: 'IN', values: ['alice'] }] }, null, 2));
    assert.equal(await document.save(), true);
    const listed = (await (await unleashApi('/api/admin/segments')).json()) as { segments: { id: number; name: string }[] };
    const created = listed.segments.find((s) => s.name === name);
    assert.ok(created, `${name} was not created`);

    // A feature flag whose strategy uses the segment: Unleash refuses the delete (409) and we say who uses it.
    const flag = `e2e-flag-${Date.now()}`;
    assert.equal((await unleashApi('/api/admin/projects/default/features', { method: 'POST', body: JSON.stringify({ name: flag }) })).status, 201);
    const strategy = await unleashApi(`/api/admin/projects/default/features/${flag}/environments/development/strategies`, {
      method: 'POST', body: JSON.stringify({ name: 'flexibleRollout', parameters: { rollout: '100', stickiness: 'default', groupId: flag }, constraints: [], segments: [created.id] }),
    });
    assert.equal(strategy.status, 200);
    const store = api.workbench.registry.storeFor(api.workbench.connections.get(ids.unleash)!);
    await assert.rejects(store.delete(String(created.id)), (error: Error) => error.message.includes(flag));
    const segmentNode: TreeNode = { type: 'segment', connection: api.workbench.connections.get(ids.unleash)!, collection: 'unleash-segments', summary: { id: String(created.id), name, facts: {} } };
    assert.equal(await vscode.commands.executeCommand('segmentWorkbench.deleteSegment', segmentNode, { confirmed: true }), false);
    assert.equal((await unleashApi(`/api/admin/segments/${created.id}`)).status, 200, 'the segment in use must still exist');

    // Once the flag is archived the delete goes through.
    assert.equal((await unleashApi(`/api/admin/projects/default/features/${flag}`, { method: 'DELETE' })).status, 202);
    assert.equal(await vscode.commands.executeCommand('segmentWorkbench.deleteSegment', segmentNode, { confirmed: true }), true);
    assert.equal((await unleashApi(`/api/admin/segments/${created.id}`)).status, 404);
  });

  test('an AEP segment job runs to the end and reports its metrics', async () => {
    const definitions = await collection(ids.aep, 'aep-definitions');
    const first = (await children(definitions)).find((n) => n.type === 'segment');
    assert.ok(first && first.type === 'segment');
    const result = await vscode.commands.executeCommand<{ job: { id: string; status: string; metrics?: unknown }; cancelled: boolean }>(
      'segmentWorkbench.runJob', undefined, undefined, { connectionId: ids.aep, segmentIds: [first.summary.id] });
    assert.ok(result, 'the job did not run');
    assert.equal(result.cancelled, false);
    assert.equal(result.job.status, 'SUCCEEDED');
    assert.ok(result.job.metrics, 'the finished job carries metrics');
    const jobs = await children(await collection(ids.aep, 'aep-jobs'));
    assert.ok(jobs.some((n) => n.type === 'job' && n.job.id === result.job.id), 'the job appears under Segment Jobs');
  });

  test('signing out deletes the stored secret: the connection then says what is missing', async () => {
    await vscode.commands.executeCommand('segmentWorkbench.signOut', ids.unleash);
    const connection = (await children()).find((n) => n.type === 'connection' && n.connection.id === ids.unleash);
    assert.ok(connection);
    const afterSignOut = await children(connection);
    assert.equal(afterSignOut.length, 1);
    assert.ok(afterSignOut[0].type === 'error' && /No API token/.test(afterSignOut[0].message), JSON.stringify(afterSignOut));
    // Storing it again brings the collections back.
    await vscode.commands.executeCommand('segmentWorkbench.addConnection', { id: ids.unleash, label: 'E2E Unleash', service: 'unleash', baseUrl: unleash.url, secret: unleash.adminToken });
    const restored = await children((await children()).find((n) => n.type === 'connection' && n.connection.id === ids.unleash));
    assert.deepEqual(restored.map((n) => n.type), ['collection']);
  });

  test('Add Connection through its quick pick and input boxes: a test call, the secret kept out of settings', async () => {
    assert.ok(canAnswerInputs(), 'typing into the UI needs the code-server harness: run node test/e2e/run.mjs');
    const added = vscode.commands.executeCommand<string | undefined>('segmentWorkbench.addConnection');
    await answerInput('Add Connection', 'Unleash');
    await answerInput('A name for this connection', 'Typed Unleash');
    await answerInput('API base URL', unleash.url);
    await answerInput('Admin API token', unleash.adminToken);
    await answerInput('How careful', 'Read-only');
    const id = await added;
    assert.equal(id, 'typed-unleash');
    const stored = api.workbench.connections.get('typed-unleash');
    assert.deepEqual({ service: stored?.service, baseUrl: stored?.baseUrl, readOnly: stored?.readOnly }, { service: 'unleash', baseUrl: unleash.url, readOnly: true });
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration(SETTINGS_PREFIX).inspect('connections')?.globalValue).includes(unleash.adminToken));
    // The test call succeeded, so its collections list.
    const connection = (await children()).find((n) => n.type === 'connection' && n.connection.id === 'typed-unleash');
    assert.deepEqual((await children(connection)).map((n) => n.type), ['collection']);
  });
});
