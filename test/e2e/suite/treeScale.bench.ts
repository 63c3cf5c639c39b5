// Editor benchmark (run by bench/tree-scale.mjs, never by the tests): the Segments view against the emulator seeded
// with 10,000 CJA segments. Measures, in the extension host:
//   - expanding the Segments node to its first page of 100 items, against the baseline of the same page fetched
//     directly through the remote layer in the same process (the tree's own overhead is the ratio);
//   - the extension host's heap growth after loading all 10,000 through "Load more", against the size of their JSON.
import * as vscode from 'vscode';
import { EXTENSION_ID, SETTINGS_PREFIX } from '../../../server/src/protocol';
import type { SegmentWorkbenchApi } from '../../../client/src/extension';
import type { CollectionNode, LoadMoreNode, TreeNode } from '../../../client/src/tree/treeNodes';

const RUNS = 15;
const MAX_PAGES = 200;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)];
}

suite('tree scale benchmark', () => {
  test('first page of 100 and memory for 10,000 segments', async function () {
    this.timeout(600_000);
    const adobe = JSON.parse(process.env.SEGMENT_WORKBENCH_E2E_ADOBE!) as { url: string; credentials: { clientId: string; clientSecret: string; orgId: string } };
    const api = await vscode.extensions.getExtension<SegmentWorkbenchApi>(EXTENSION_ID)!.activate();
    await vscode.workspace.getConfiguration(SETTINGS_PREFIX).update('tree.pageSize', 100, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('segmentWorkbench.addConnection', {
      id: 'bench', label: 'Bench CJA', service: 'cja', baseUrl: adobe.url, imsUrl: adobe.url, orgId: adobe.credentials.orgId, clientId: adobe.credentials.clientId, secret: adobe.credentials.clientSecret,
      // The view is measured, not the scheduler's pacing (60 a minute by default): lift the limit for this connection.
      rateLimit: { perMinute: 100_000, concurrent: 6 },
    });
    const connection = api.workbench.connections.get('bench')!;
    const tree = api.workbench.tree;
    const node: CollectionNode = tree.collectionNode(connection, 'cja-segments');
    const store = api.workbench.registry.storeFor(connection);

    const treeTimes: number[] = [];
    const directTimes: number[] = [];
    for (let i = 0; i < RUNS + 2; i++) {
      tree.refresh(node);
      const t0 = performance.now();
      const children = (await tree.getChildren(node)) ?? [];
      const t1 = performance.now();
      await store.list({ pageSize: 100 });
      const t2 = performance.now();
      if (children.filter((c) => c.type === 'segment').length !== 100) throw new Error(`expected 100 segments, got ${children.length}`);
      if (i >= 2) { treeTimes.push(t1 - t0); directTimes.push(t2 - t1); }
    }
    console.log(`bench: expand to first page of 100: median ${median(treeTimes).toFixed(1)} ms, p95 ${p95(treeTimes).toFixed(1)} ms; the same page through the remote layer alone: median ${median(directTimes).toFixed(1)} ms; ratio ${(median(treeTimes) / median(directTimes)).toFixed(2)}`);

    tree.refresh(node);
    await tree.getChildren(node);
    const before = process.memoryUsage().heapUsed;
    let children: TreeNode[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      children = (await tree.getChildren(node)) ?? [];
      const more = children.find((c): c is LoadMoreNode => c.type === 'loadMore');
      if (!more) break;
      await tree.loadMore(more.parent);
    }
    const loaded = children.filter((c) => c.type === 'segment');
    const after = process.memoryUsage().heapUsed;
    const jsonBytes = Buffer.byteLength(JSON.stringify(loaded.map((c) => (c.type === 'segment' ? c.summary : null))));
    console.log(`bench: loaded ${loaded.length} segments; extension host heap growth ${((after - before) / 1e6).toFixed(1)} MB; their summaries as JSON ${(jsonBytes / 1e6).toFixed(1)} MB; ratio ${((after - before) / jsonBytes).toFixed(2)}`);
    if (loaded.length < 10_000) throw new Error(`only ${loaded.length} of 10,000 segments loaded`);
  });
});
