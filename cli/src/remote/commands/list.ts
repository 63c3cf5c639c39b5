// `list`: the remote segments of a connection.
import { ExitCode } from '../../io';
import { table, type CommandContext } from '../commandContext';
import type { SegmentSummary } from '../../../../remote/src/segments/segmentAdapters';
import type { CommandSpec, OptionValues } from './types';

const DEFAULT_LIMIT = 1000;

async function list(context: CommandContext, _positionals: string[], options: OptionValues): Promise<number> {
  const { adapter, connection } = await context.openFor();
  const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    context.err('--limit must be a positive whole number.');
    return ExitCode.usage;
  }
  const name = typeof options.name === 'string' ? options.name : undefined;
  const found: SegmentSummary[] = [];
  let more = false;
  for await (const resource of adapter.list({ name, signal: context.signal })) {
    if (found.length >= limit) {
      more = true;
      break;
    }
    found.push(adapter.summary(resource));
  }
  if (context.format === 'json') {
    context.json({ connection: connection.id, service: connection.service, segments: found, truncated: more });
    return ExitCode.ok;
  }
  if (found.length === 0) {
    context.out(`No segments on ${connection.label}.`);
    return ExitCode.ok;
  }
  context.out(table([['ID', 'NAME', 'DETAIL'], ...found.map((s) => [s.id, s.name, s.detail ?? ''])]));
  context.err(`${found.length} segment${found.length === 1 ? '' : 's'} on ${connection.label}${more ? ` (first ${limit}; use --limit)` : ''}.`);
  return ExitCode.ok;
}

export const listCommand: CommandSpec = {
  run: list,
  options: { name: { type: 'string' }, limit: { type: 'string' } },
  usage: 'list [--name TEXT] [--limit N]   list remote segments',
};
