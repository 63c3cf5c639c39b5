// AEP segment jobs: run one for one or several definitions with a cancellable progress notification that polls with
// backoff (cancelling it cancels the job), show the finished job's metrics, and cancel a running job.
import * as vscode from 'vscode';
import type { AepSegmentJob, ConnectionConfig, PollResult } from '../../../remote/src/index';
import { confirmWrite } from '../connections/writeGuard';
import { describeError } from '../../../remote/src/index';
import type { JobNode, SegmentNode, TreeNode } from '../tree/treeNodes';
import { nodeOrSelection } from '../tree/selection';
import type { Workbench } from '../workbench';

export interface JobRunResult {
  job: AepSegmentJob;
  cancelled: boolean;
}

export function registerJobCommands(wb: Workbench): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('segmentWorkbench.runJob', async (node?: TreeNode, selection?: TreeNode[], options?: { segmentIds?: string[]; connectionId?: string }) => {
      const segments = (selection?.length ? selection : node ? [node] : []).filter((n): n is SegmentNode => n.type === 'segment' && n.collection === 'aep-definitions');
      let connection: ConnectionConfig | undefined = segments[0]?.connection ?? (options?.connectionId ? wb.connections.get(options.connectionId) : undefined);
      let ids = options?.segmentIds ?? segments.map((s) => s.summary.id);
      if (!connection && node?.type === 'collection') connection = node.connection;
      connection ??= await wb.active.choose('aep', 'Run a segment job on which AEP connection?');
      if (!connection) return undefined;
      if (!ids.length) {
        const store = wb.registry.storeFor(connection);
        const page = await store.list({ pageSize: 200 }).catch((error) => {
          void vscode.window.showErrorMessage(`Could not list the definitions: ${describeError(error)}`);
          return undefined;
        });
        const picks = await vscode.window.showQuickPick((page?.items ?? []).map((s) => ({ label: s.name, description: s.id, id: s.id })), { canPickMany: true, title: 'Run a segment job for…' });
        ids = picks?.map((p) => p.id) ?? [];
      }
      if (!ids.length) return undefined;
      if (!(await confirmWrite(connection, `run a segment job for ${ids.length} definition${ids.length === 1 ? '' : 's'}`))) return undefined;
      return runJob(wb, connection, ids);
    }),

    vscode.commands.registerCommand('segmentWorkbench.cancelJob', async (given?: JobNode) => {
      const selected = nodeOrSelection(wb, given);
      const node = selected?.type === 'job' ? selected : undefined;
      if (!node) {
        void vscode.window.showInformationMessage('Select a running segment job in the Segments view first.');
        return;
      }
      if (!(await confirmWrite(node.connection, `cancel job ${node.job.id}`))) return;
      const clients = wb.registry.clientsFor(node.connection);
      if (clients.service !== 'aep') return;
      try {
        await clients.jobs.cancelJob(node.job.id);
        void vscode.window.showInformationMessage(`Cancelling job ${node.job.id}.`);
      } catch (error) {
        void vscode.window.showErrorMessage(`Could not cancel job ${node.job.id}: ${describeError(error)}`);
      }
      wb.tree.refresh(wb.tree.collectionNode(node.connection, 'aep-jobs'));
    }),
  ];
}

async function runJob(wb: Workbench, connection: ConnectionConfig, segmentIds: string[]): Promise<JobRunResult | undefined> {
  const clients = wb.registry.clientsFor(connection);
  if (clients.service !== 'aep') return undefined;
  let created: AepSegmentJob;
  try {
    created = await clients.jobs.createJob(segmentIds);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not start the segment job: ${describeError(error)}`);
    return undefined;
  }
  wb.tree.refresh(wb.tree.collectionNode(connection, 'aep-jobs'));
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Segment job ${created.id}`, cancellable: true },
    async (progress, token): Promise<{ result?: PollResult; cancelled: boolean; error?: unknown }> => {
      const abort = new AbortController();
      const subscription = token.onCancellationRequested(() => abort.abort());
      try {
        const result = await clients.jobs.pollUntilFinished(created.id, {
          signal: abort.signal,
          cancelJobOnAbort: true,
          onProgress: (summary) => progress.report({ message: `${summary.status}${summary.totalProfilesSegmented ? ` · ${summary.totalProfilesSegmented.toLocaleString('en')} profiles` : ''}` }),
        });
        return { result, cancelled: false };
      } catch (error) {
        return { cancelled: token.isCancellationRequested, error };
      } finally {
        subscription.dispose();
      }
    },
  );
  wb.tree.refresh(wb.tree.collectionNode(connection, 'aep-jobs'));
  if (outcome.cancelled) {
    void vscode.window.showInformationMessage(`Segment job ${created.id} was cancelled.`);
    return { job: created, cancelled: true };
  }
  if (!outcome.result) {
    void vscode.window.showErrorMessage(`Lost track of segment job ${created.id}: ${describeError(outcome.error)}`);
    return undefined;
  }
  const { summary, job } = outcome.result;
  const time = summary.totalTimeMs !== undefined ? ` in ${(summary.totalTimeMs / 1000).toFixed(1)} s` : '';
  if (summary.status === 'SUCCEEDED') {
    void vscode.window.showInformationMessage(`Segment job ${job.id} succeeded${time}: ${summary.totalProfilesSegmented.toLocaleString('en')} profiles segmented${summary.totalProfiles !== undefined ? ` of ${summary.totalProfiles.toLocaleString('en')}` : ''}.`);
  } else {
    void vscode.window.showErrorMessage(`Segment job ${job.id} ended ${summary.status}${time}${summary.errors.length ? `: ${summary.errors.join('; ')}` : ''}.`);
  }
  return { job, cancelled: summary.status === 'CANCELLED' };
}
