// Entry point of the CLI's remote commands (list, pull, push, delete, validate, jobs): parses the options,
// runs the command with a fresh transport, and maps failures to exit codes (1 = a request or check failed,
// 2 = usage or configuration problem). Ctrl-C cancels in-flight and queued requests.
import { parseArgs } from 'node:util';
import { ConfigError, describeError } from '../../../remote/src/index';
import { ExitCode, type CliIo } from '../io';
import { CommandContext, type CommonOptions } from './commandContext';
import { deleteCommand } from './commands/delete';
import { jobsCommand } from './commands/jobs';
import { listCommand } from './commands/list';
import { pullCommand } from './commands/pull';
import { pushCommand } from './commands/push';
import type { CommandSpec } from './commands/types';
import { validateCommand } from './commands/validate';

const COMMANDS: Record<string, CommandSpec> = {
  list: listCommand,
  pull: pullCommand,
  push: pushCommand,
  delete: deleteCommand,
  validate: validateCommand,
  jobs: jobsCommand,
};

const COMMON_OPTIONS = {
  config: { type: 'string' },
  connection: { type: 'string' },
  format: { type: 'string' },
  verbose: { type: 'boolean' },
  yes: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const COMMON_USAGE = `Options of every remote command:
  --config FILE       connections file (default ./segment-workbench.config.json)
  --connection ID     which connection (needed when several match)
  --format text|json  output format (default text)
  --yes               confirm changes to a production connection
  --verbose           log every request (method, path, status, time, request id) to stderr
Secrets come from environment variables: SEGMENT_WORKBENCH_<ID>_CLIENT_SECRET (Adobe),
SEGMENT_WORKBENCH_<ID>_TOKEN (Unleash), <ID> = the connection id upper-cased, other characters as _.
`;

function usageOf(command: string): string {
  return `Usage: segment-workbench ${COMMANDS[command]?.usage ?? command}\n${COMMON_USAGE}`;
}

export async function runRemoteCommand(command: string, args: string[], io: CliIo): Promise<number> {
  const spec = COMMANDS[command];
  if (!spec) {
    io.stderr(`Unknown remote command "${command}" (known: ${Object.keys(COMMANDS).join(', ')}).\n`);
    return ExitCode.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...spec.options } });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${usageOf(command)}`);
    return ExitCode.usage;
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) {
    io.stdout(usageOf(command));
    return ExitCode.ok;
  }
  const format = (values.format as string | undefined) ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`--format must be "text" or "json", not "${format}".\n`);
    return ExitCode.usage;
  }
  const options: CommonOptions = {
    config: values.config as string | undefined,
    connection: values.connection as string | undefined,
    format,
    verbose: values.verbose === true,
    yes: values.yes === true,
  };

  const abort = new AbortController();
  const onInterrupt = (): void => {
    io.stderr('Interrupted: cancelling requests...\n');
    abort.abort();
  };
  process.once('SIGINT', onInterrupt);
  const context = new CommandContext(io, options, abort.signal);
  try {
    return await spec.run(context, parsed.positionals, values);
  } catch (error) {
    io.stderr(`segment-workbench ${command}: ${describeError(error)}\n`);
    return error instanceof ConfigError ? ExitCode.usage : ExitCode.failed;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    await context.close().catch(() => undefined);
  }
}
