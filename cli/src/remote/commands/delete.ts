// `delete ID|FILE...`: deletes remote segments (by id, or by the id a local file holds). Local files stay.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { describeError } from '../../../../remote/src/index';
import { ExitCode } from '../../io';
import type { CommandContext, Opened } from '../commandContext';
import { readLocalFile } from '../localFiles';
import type { CommandSpec } from './types';

interface Outcome {
  target: string;
  id?: string;
  status: 'deleted' | 'failed';
  message?: string;
}

function looksLikeFile(argument: string, cwd: string): boolean {
  return /\.json$/i.test(argument) && existsSync(resolve(cwd, argument));
}

async function resolveTarget(context: CommandContext, argument: string): Promise<{ opened: Opened; id: string; note?: string }> {
  if (looksLikeFile(argument, context.io.cwd)) {
    const read = await readLocalFile(resolve(context.io.cwd, argument));
    if (!read.ok) throw new Error(read.message);
    const opened = await context.openFor(read.file.kind);
    const id = opened.adapter.parseId(read.file.value.id);
    if (id === undefined) throw new Error('the file has no "id": it was never pushed, so there is nothing to delete remotely');
    return { opened, id, note: `the local file ${relative(context.io.cwd, read.file.path)} was kept` };
  }
  const opened = await context.openFor();
  const id = opened.adapter.parseId(argument);
  if (id === undefined) throw new Error(`"${argument}" is not a ${opened.connection.service} segment id`);
  return { opened, id };
}

async function remove(context: CommandContext, positionals: string[]): Promise<number> {
  if (positionals.length === 0) {
    context.err('delete needs at least one segment id or file.');
    return ExitCode.usage;
  }
  const outcomes: Outcome[] = [];
  for (const argument of positionals) {
    try {
      const { opened, id, note } = await resolveTarget(context, argument);
      context.assertWritable(opened.connection, 'delete');
      await opened.adapter.delete(id, context.signal);
      outcomes.push({ target: argument, id, status: 'deleted', message: note });
    } catch (error) {
      outcomes.push({ target: argument, status: 'failed', message: describeError(error) });
    }
  }
  if (context.format === 'json') {
    context.json({ results: outcomes });
  } else {
    for (const o of outcomes) {
      const line = `${o.status.padEnd(8)} ${o.target}${o.id && o.id !== o.target ? ` (${o.id})` : ''}${o.message ? `: ${o.message}` : ''}`;
      if (o.status === 'failed') context.err(line);
      else context.out(line);
    }
  }
  return outcomes.some((o) => o.status === 'failed') ? ExitCode.failed : ExitCode.ok;
}

export const deleteCommand: CommandSpec = {
  run: remove,
  options: {},
  usage: 'delete ID|FILE... [--yes]   delete remote segments (production connections need --yes)',
};
