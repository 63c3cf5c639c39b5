// `push FILE...`: local files to the service. A file without an id is created (and gets its new id written
// back), a file with an id updates that segment. Nothing is lost: on any failure the file stays untouched and the
// message says why; an update never overwrites a remote change made since the file was pulled (unless --force);
// a create whose answer was lost or failed with a 5xx is looked up before anything else (createOnce), so a
// retry cannot duplicate it.
import { relative, resolve } from 'node:path';
import { createOnce, describeError, ServiceError } from '../../../../remote/src/index';
import { ExitCode } from '../../io';
import type { CommandContext } from '../commandContext';
import { readLocalFile, writeBack, type LocalFile } from '../localFiles';
import { findCreated, pick, type Resource, type SegmentAdapter } from '../../../../remote/src/segments/segmentAdapters';
import { diffLines } from '../textDiff';
import { canonicalJson } from '../../../../remote/src/segments/canonicalJson';
import type { CommandSpec, OptionValues } from './types';

type Status = 'created' | 'updated' | 'unchanged' | 'would-create' | 'would-update' | 'failed';

interface Outcome {
  file: string;
  status: Status;
  id?: string;
  message?: string;
  diff?: string[];
}

function isBareCjaDefinition(file: LocalFile): boolean {
  return file.kind === 'cja' && (file.value.func === 'segment' || file.value.func === 'segment-def');
}

async function recordAnswer(file: LocalFile, adapter: SegmentAdapter, id: string, answer: Resource | undefined, created: boolean): Promise<string | undefined> {
  const values: Record<string, unknown> = {};
  if (created) values.id = adapter.service === 'unleash' ? Number(id) : id;
  if (adapter.versionField && answer && answer[adapter.versionField] !== undefined) values[adapter.versionField] = answer[adapter.versionField];
  const result = await writeBack(file, values);
  if (result !== 'changed-meanwhile') return undefined;
  return created
    ? `the file changed while pushing, so the new id was not written into it: add "id": ${JSON.stringify(values.id)} by hand, or the next push creates a second segment`
    : 'the file changed while pushing; it was left as it is';
}

async function pushFile(context: CommandContext, path: string, dryRun: boolean, force: boolean): Promise<Outcome> {
  const shown = relative(context.io.cwd, path) || path;
  const read = await readLocalFile(path);
  if (!read.ok) return { file: shown, status: 'failed', message: read.message };
  const file = read.file;
  if (isBareCjaDefinition(file)) {
    return { file: shown, status: 'failed', message: 'this file holds a bare definition; to push it, wrap it as {"name", "dataId", "definition"}' };
  }
  const { adapter, connection } = await context.openFor(file.kind);
  if (!dryRun) context.assertWritable(connection, 'push');

  const body = pick(file.value, adapter.pushFields);
  const rawId = file.value.id;
  const id = rawId === undefined || rawId === null ? undefined : adapter.parseId(rawId);
  if (rawId !== undefined && rawId !== null && id === undefined) {
    return { file: shown, status: 'failed', message: `"id" ${JSON.stringify(rawId)} is not a valid ${connection.service} segment id` };
  }

  if (id === undefined) {
    const missing = adapter.requiredForCreate.filter((field) => body[field] === undefined);
    if (missing.length) return { file: shown, status: 'failed', message: `cannot create a segment without ${missing.join(', ')}` };
    if (dryRun) {
      return { file: shown, status: 'would-create', diff: diffLines('', canonicalJson(body, 2), { before: `${connection.id} (new)`, after: shown }) };
    }
    const { resource: created, recovered } = await createOnce({
      create: () => adapter.create(body, context.signal),
      find: () => findCreated(adapter, body, context.signal),
    });
    if (recovered) {
      context.err(`${shown}: the answer to the create was lost, but the service has the segment (${adapter.summary(created).id}); using it.`);
    }
    const newId = adapter.summary(created).id;
    const warning = await recordAnswer(file, adapter, newId, created, true);
    return { file: shown, status: 'created', id: newId, message: warning };
  }

  let remote: Resource;
  try {
    remote = await adapter.get(id, context.signal);
  } catch (error) {
    if (error instanceof ServiceError && error.status === 404) {
      return { file: shown, status: 'failed', id, message: `segment ${id} no longer exists on ${connection.label}; remove "id" from the file to create it again` };
    }
    throw error;
  }
  if (remote.isDeleted === true) {
    return { file: shown, status: 'failed', id, message: `segment ${id} was deleted on ${connection.label}; remove "id" from the file to create it again` };
  }
  const version = adapter.versionField;
  if (version && !force && file.value[version] !== undefined && remote[version] !== undefined && canonicalJson(file.value[version]) !== canonicalJson(remote[version])) {
    return {
      file: shown,
      status: 'failed',
      id,
      message: `segment ${id} changed on ${connection.label} since this file was pulled (${version} ${JSON.stringify(remote[version])}, file has ${JSON.stringify(file.value[version])}): pull it again and merge, or push --force to overwrite the remote change`,
    };
  }
  const before = canonicalJson(pick(remote, Object.keys(body)), 2);
  const after = canonicalJson(body, 2);
  if (before === after) {
    return { file: shown, status: 'unchanged', id };
  }
  if (dryRun) {
    return { file: shown, status: 'would-update', id, diff: diffLines(before, after, { before: `${connection.id}/${id}`, after: shown }) };
  }
  const answer = await adapter.update(id, body, context.signal);
  const warning = await recordAnswer(file, adapter, id, answer, false);
  return { file: shown, status: 'updated', id, message: warning };
}

async function push(context: CommandContext, positionals: string[], options: OptionValues): Promise<number> {
  if (positionals.length === 0) {
    context.err('push needs at least one file.');
    return ExitCode.usage;
  }
  const dryRun = options['dry-run'] === true;
  const force = options.force === true;
  const outcomes: Outcome[] = [];
  // One file at a time, in the given order: the output stays readable and a failure affects one file only.
  for (const argument of positionals) {
    const path = resolve(context.io.cwd, argument);
    try {
      outcomes.push(await pushFile(context, path, dryRun, force));
    } catch (error) {
      outcomes.push({ file: relative(context.io.cwd, path) || argument, status: 'failed', message: `${describeError(error)} The file was not changed.` });
    }
  }

  if (context.format === 'json') {
    context.json({ dryRun, results: outcomes });
  } else {
    for (const o of outcomes) {
      const line = `${o.status.padEnd(12)} ${o.file}${o.id ? ` (${o.id})` : ''}${o.message ? `: ${o.message}` : ''}`;
      if (o.status === 'failed') context.err(line);
      else context.out(line);
      if (o.diff?.length) context.out(o.diff.join('\n'));
    }
  }
  return outcomes.some((o) => o.status === 'failed') ? ExitCode.failed : ExitCode.ok;
}

export const pushCommand: CommandSpec = {
  run: push,
  options: { 'dry-run': { type: 'boolean' }, force: { type: 'boolean' } },
  usage: 'push FILE... [--dry-run] [--force]   create or update remote segments from local files',
};
