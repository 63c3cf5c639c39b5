// Details shown as children: CJA projects that use a segment, Unleash strategies that use a segment, AEP job metrics.
import { summarizeJob, type AepSegmentJob } from '../../../remote/src/index';
import type { RemoteRegistry } from '../remote/remoteRegistry';
import type { DetailNode, SegmentNode } from './treeNodes';

export async function detailsOf(registry: RemoteRegistry, node: SegmentNode): Promise<DetailNode[]> {
  const clients = registry.clientsFor(node.connection);
  const base = `${node.connection.id}/${node.summary.id}`;
  if (clients.service === 'cja') {
    const usage = await clients.cja.projectsUsingSegment(node.summary.id);
    if (!usage.length) return [{ type: 'detail', id: `${base}:unused`, label: 'Not used by any project', icon: 'info' }];
    return [{
      type: 'detail', id: `${base}:usedIn`, label: 'Used in', description: `${usage.length}`, icon: 'references',
      children: usage.map((u, i) => ({ type: 'detail', id: `${base}:usedIn:${i}`, label: u.name ?? u.componentId, description: u.componentType, icon: u.componentType === 'project' ? 'project' : 'symbol-misc' })),
    }];
  }
  if (clients.service === 'unleash') {
    const usage = await clients.unleash.strategiesUsingSegment(Number(node.summary.id));
    if (!usage.strategies.length) return [{ type: 'detail', id: `${base}:unused`, label: 'Not used by any strategy', icon: 'info' }];
    return [{
      type: 'detail', id: `${base}:strategies`, label: 'Used by strategies', description: `${usage.strategies.length}`, icon: 'references',
      children: usage.strategies.map((s) => ({
        type: 'detail', id: `${base}:strategy:${s.id}`, label: s.featureName, description: `${s.strategyName} · ${s.environment} · ${s.projectId}`, icon: 'symbol-boolean',
      })),
    }];
  }
  return [];
}

export function jobDetails(job: AepSegmentJob): DetailNode[] {
  const summary = summarizeJob(job);
  const base = `job:${job.id}`;
  const details: DetailNode[] = [
    { type: 'detail', id: `${base}:status`, label: 'Status', description: summary.status, icon: 'pulse' },
    { type: 'detail', id: `${base}:profiles`, label: 'Profiles segmented', description: summary.totalProfilesSegmented.toLocaleString('en'), icon: 'person' },
  ];
  if (summary.totalProfiles !== undefined) details.push({ type: 'detail', id: `${base}:total`, label: 'Profiles evaluated', description: summary.totalProfiles.toLocaleString('en'), icon: 'organization' });
  if (summary.totalTimeMs !== undefined) details.push({ type: 'detail', id: `${base}:time`, label: 'Total time', description: `${(summary.totalTimeMs / 1000).toFixed(1)} s`, icon: 'watch' });
  details.push({
    type: 'detail', id: `${base}:segments`, label: 'Segments', description: `${summary.segmentIds.length}`, icon: 'list-tree',
    children: summary.segmentIds.map((id) => ({ type: 'detail', id: `${base}:segment:${id}`, label: job.segments.find((s) => s.segmentId === id)?.segment?.name ?? id, description: `${summary.profilesSegmented[id] ?? 0} profiles`, icon: 'person' })),
  });
  for (const [i, error] of summary.errors.entries()) details.push({ type: 'detail', id: `${base}:error:${i}`, label: error, icon: 'error' });
  return details;
}
