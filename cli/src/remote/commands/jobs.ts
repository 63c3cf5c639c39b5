// `jobs run|status|cancel|list`: AEP segment jobs. `run` and `status` can wait for the job to end (--wait),
// printing progress to stderr; an interrupt stops the waiting (and cancels the job with --cancel-on-interrupt).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, describeError, summarizeJob, type AepClients, type AepJobStatus, type AepJobSummary } from '../../../../remote/src/index';
import { ExitCode } from '../../io';
import type { CommandContext } from '../commandContext';
import { table } from '../commandContext';
import { readLocalFile } from '../localFiles';
import type { CommandSpec, OptionValues } from './types';

const STATUSES: readonly AepJobStatus[] = ['NEW', 'QUEUED', 'PROCESSING', 'CANCELLING', 'CANCELLED', 'FAILED', 'SUCCEEDED'];

function describeSummary(summary: AepJobSummary): string {
  const parts = [`job ${summary.jobId}: ${summary.status}`];
  if (summary.finished && summary.status === 'SUCCEEDED') {
    parts.push(`${summary.totalProfilesSegmented} profile${summary.totalProfilesSegmented === 1 ? '' : 's'} segmented`);
    if (summary.totalProfiles !== undefined) parts.push(`of ${summary.totalProfiles}`);
  }
  if (summary.totalTimeMs !== undefined) parts.push(`in ${(summary.totalTimeMs / 1000).toFixed(1)} s`);
  if (summary.errors.length) parts.push(`errors: ${summary.errors.join('; ')}`);
  return parts.join(', ');
}

async function aepClients(context: CommandContext): Promise<AepClients> {
  const { clients } = await context.openFor('aep');
  if (clients.service !== 'aep') throw new Error('segment jobs need an AEP connection');
  return clients;
}

/** Segment ids from arguments: ids as they are, or the id held by an .aep.json file. */
async function segmentIds(context: CommandContext, positionals: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const argument of positionals) {
    if (/\.json$/i.test(argument) && existsSync(resolve(context.io.cwd, argument))) {
      const read = await readLocalFile(resolve(context.io.cwd, argument));
      if (!read.ok) throw new Error(`${argument}: ${read.message}`);
      if (typeof read.file.value.id !== 'string') throw new Error(`${argument} has no "id": push it first`);
      ids.push(read.file.value.id);
    } else {
      ids.push(argument);
    }
  }
  return ids;
}

async function wait(context: CommandContext, clients: AepClients, jobId: string, options: OptionValues): Promise<AepJobSummary> {
  const pollMs = options['poll-ms'] === undefined ? undefined : Number(options['poll-ms']);
  let last = '';
  const result = await clients.jobs.pollUntilFinished(jobId, {
    signal: context.signal,
    initialDelayMs: pollMs,
    maxDelayMs: pollMs === undefined ? undefined : Math.max(pollMs, pollMs * 8),
    cancelJobOnAbort: options['cancel-on-interrupt'] === true,
    onProgress: (summary) => {
      if (summary.status !== last && context.format === 'text') context.err(`  ${summary.status}`);
      last = summary.status;
    },
  });
  return result.summary;
}

function report(context: CommandContext, summary: AepJobSummary): number {
  if (context.format === 'json') context.json(summary);
  else context.out(describeSummary(summary));
  return summary.finished && summary.status !== 'SUCCEEDED' ? ExitCode.failed : ExitCode.ok;
}

async function jobs(context: CommandContext, positionals: string[], options: OptionValues): Promise<number> {
  const [action, ...rest] = positionals;
  try {
    switch (action) {
      case 'run': {
        if (rest.length === 0) {
          context.err('jobs run needs at least one segment definition id (or .aep.json file).');
          return ExitCode.usage;
        }
        const clients = await aepClients(context);
        context.assertWritable(clients.connection, 'run a segment job');
        const job = await clients.jobs.createJob(await segmentIds(context, rest), { signal: context.signal });
        if (options.wait !== true) return report(context, summarizeJob(job));
        if (context.format === 'text') context.err(`job ${job.id} started`);
        return report(context, await wait(context, clients, job.id, options));
      }
      case 'status': {
        if (rest.length !== 1) {
          context.err('jobs status needs one job id.');
          return ExitCode.usage;
        }
        const clients = await aepClients(context);
        if (options.wait === true) return report(context, await wait(context, clients, rest[0], options));
        return report(context, summarizeJob(await clients.jobs.getJob(rest[0], { signal: context.signal })));
      }
      case 'cancel': {
        if (rest.length !== 1) {
          context.err('jobs cancel needs one job id.');
          return ExitCode.usage;
        }
        const clients = await aepClients(context);
        context.assertWritable(clients.connection, 'cancel a segment job');
        await clients.jobs.cancelJob(rest[0], { signal: context.signal });
        const after = summarizeJob(await clients.jobs.getJob(rest[0], { signal: context.signal }));
        if (context.format === 'json') context.json(after);
        else context.out(`cancellation requested: ${describeSummary(after)}`);
        return ExitCode.ok;
      }
      case 'list': {
        const status = typeof options.status === 'string' ? options.status.toUpperCase() : undefined;
        if (status !== undefined && !STATUSES.includes(status as AepJobStatus)) {
          context.err(`--status must be one of ${STATUSES.join(', ')}.`);
          return ExitCode.usage;
        }
        const limit = options.limit === undefined ? 20 : Number(options.limit);
        const clients = await aepClients(context);
        const page = await clients.jobs.listJobs({ status: status as AepJobStatus | undefined, limit, signal: context.signal });
        const summaries = page.items.map(summarizeJob);
        if (context.format === 'json') context.json({ jobs: summaries, total: page.totalItems });
        else if (summaries.length === 0) context.out('No segment jobs.');
        else context.out(table([['JOB', 'STATUS', 'SEGMENTS'], ...summaries.map((s) => [s.jobId, s.status, s.segmentIds.join(',')])]));
        return ExitCode.ok;
      }
      default:
        context.err(`jobs needs an action: run, status, cancel or list.\n  ${jobsCommand.usage}`);
        return ExitCode.usage;
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    context.err(describeError(error));
    return ExitCode.failed;
  }
}

export const jobsCommand: CommandSpec = {
  run: jobs,
  options: {
    wait: { type: 'boolean' },
    'cancel-on-interrupt': { type: 'boolean' },
    'poll-ms': { type: 'string' },
    status: { type: 'string' },
    limit: { type: 'string' },
  },
  usage: 'jobs run ID|FILE... [--wait] [--cancel-on-interrupt] | jobs status JOB [--wait] | jobs cancel JOB | jobs list [--status S]',
};
