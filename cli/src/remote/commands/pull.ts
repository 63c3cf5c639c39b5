// `pull`: remote segments to local *.cja.json / *.aep.json / *.unleash.json files. A local file whose content
// differs from the remote one is never overwritten without --force: it may hold edits not pushed yet.
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { describeError } from '../../../../remote/src/index';
import { ExitCode } from '../../io';
import type { CommandContext } from '../commandContext';
import { fileNameFor, formatResource, indexFolder, writeFileAtomic } from '../localFiles';
import { pick, type Resource } from '../../../../remote/src/segments/segmentAdapters';
import { canonicalJson } from '../../../../remote/src/segments/canonicalJson';
import type { CommandSpec, OptionValues } from './types';

type Outcome = { id: string; name?: string; file?: string; status: 'written' | 'unchanged' | 'skipped' | 'failed'; message?: string };

async function pull(context: CommandContext, positionals: string[], options: OptionValues): Promise<number> {
  const { adapter, connection } = await context.openFor();
  const folder = resolve(context.io.cwd, typeof options.out === 'string' ? options.out : '.');
  await mkdir(folder, { recursive: true });
  const force = options.force === true;
  const outcomes: Outcome[] = [];
  const resources: Resource[] = [];

  if (positionals.length) {
    const settled = await Promise.allSettled(
      positionals.map(async (text) => {
        const id = adapter.parseId(text);
        if (id === undefined) throw new Error(`"${text}" is not a ${connection.service} segment id`);
        return adapter.get(id, context.signal);
      }),
    );
    settled.forEach((result, index) => {
      if (result.status === 'fulfilled') resources.push(result.value);
      else outcomes.push({ id: positionals[index], status: 'failed', message: describeError(result.reason) });
    });
  } else {
    const name = typeof options.name === 'string' ? options.name : undefined;
    for await (const resource of adapter.list({ name, signal: context.signal })) resources.push(resource);
  }

  const index = await indexFolder(folder, adapter.service);
  for (const resource of resources) {
    const summary = adapter.summary(resource);
    const local = pick(resource, adapter.localFields);
    const text = formatResource(local);
    const existing = index.byId.get(summary.id);
    if (existing) {
      const file = relative(context.io.cwd, existing.path);
      if (existing.text === text || canonicalJson(pick(existing.value, adapter.localFields)) === canonicalJson(local)) {
        outcomes.push({ id: summary.id, name: summary.name, file, status: 'unchanged' });
        continue;
      }
      if (!force) {
        const version = adapter.versionField;
        const remoteChanged = version !== undefined && existing.value[version] !== undefined && existing.value[version] !== resource[version];
        outcomes.push({
          id: summary.id,
          name: summary.name,
          file,
          status: 'skipped',
          message: remoteChanged
            ? 'changed on the service, and the local file differs: pull --force replaces the local file (local edits would be lost)'
            : 'the local file has edits that are not pushed: push them, or pull --force to discard them',
        });
        continue;
      }
      await writeFileAtomic(existing.path, text);
      outcomes.push({ id: summary.id, name: summary.name, file, status: 'written' });
      continue;
    }
    let fileName = fileNameFor(summary.name || summary.id, adapter.service);
    if (index.names.has(fileName.toLowerCase())) {
      const suffix = summary.id.replace(/[^A-Za-z0-9]/g, '').slice(-8);
      fileName = fileName.replace(/(\.[a-z]+\.json)$/, `-${suffix}$1`);
    }
    index.names.add(fileName.toLowerCase());
    const path = join(folder, fileName);
    await writeFileAtomic(path, text);
    outcomes.push({ id: summary.id, name: summary.name, file: relative(context.io.cwd, path), status: 'written' });
  }

  const problems = outcomes.filter((o) => o.status === 'skipped' || o.status === 'failed');
  if (context.format === 'json') {
    context.json({ connection: connection.id, folder: relative(context.io.cwd, folder) || '.', results: outcomes });
  } else {
    for (const o of outcomes) {
      const line = `${o.status.padEnd(9)} ${o.id}${o.file ? ` -> ${o.file}` : ''}${o.message ? `: ${o.message}` : ''}`;
      if (o.status === 'skipped' || o.status === 'failed') context.err(line);
      else context.out(line);
    }
    const written = outcomes.filter((o) => o.status === 'written').length;
    context.err(`${written} written, ${outcomes.length - written - problems.length} unchanged, ${problems.length} not pulled.`);
  }
  return problems.length ? ExitCode.failed : ExitCode.ok;
}

export const pullCommand: CommandSpec = {
  run: pull,
  options: { out: { type: 'string' }, force: { type: 'boolean' }, name: { type: 'string' } },
  usage: 'pull [ID...] [--out DIR] [--name TEXT] [--force]   save remote segments as local files',
};
