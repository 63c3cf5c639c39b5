#!/usr/bin/env node
// segment-workbench: the command line on the same core as the language server and the same API layer as the extension.
import { parseArgs } from 'node:util';
import { ExitCode, processIo, type CliIo } from './io';
import { collectFiles, hasFailures, lintFiles, printReports } from './lint';
import { runRemoteCommand } from './remote';

const USAGE = `Usage: segment-workbench <command> [options]

Commands:
  lint PATH...          check segment files (*.cja.json, *.aep.json, *.unleash.json, *.pql, or folders)
      --format text|json    output format (default text: file:line:col: severity: message [code])
      --strict              fail on warnings too
      --allow-non-boolean   do not require AEP expressions to be boolean
  list                  list remote segments of a connection
  pull                  save remote segments as local files
  push FILE...          create or update remote segments from local files (--dry-run shows the diff)
  delete ID...          delete remote segments
  validate FILE...      ask the service to validate segment files
  jobs run|status|cancel  AEP segment jobs
Remote commands read connections from segment-workbench.config.json (--config FILE) and secrets from
environment variables; run 'segment-workbench <command> --help' for their options.

Exit codes: 0 ok, 1 problems found or a request failed, 2 usage error.
`;

const REMOTE_COMMANDS = new Set(['list', 'pull', 'push', 'delete', 'validate', 'jobs']);

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    (command ? io.stdout : io.stderr)(USAGE);
    return command ? ExitCode.ok : ExitCode.usage;
  }
  if (command === '--version') {
    io.stdout(`${VERSION}\n`);
    return ExitCode.ok;
  }
  if (command === 'lint') return lint(rest, io);
  if (REMOTE_COMMANDS.has(command)) return runRemoteCommand(command, rest, io);
  io.stderr(`Unknown command "${command}".\n\n${USAGE}`);
  return ExitCode.usage;
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : 'development';

function lint(args: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        strict: { type: 'boolean', default: false },
        'allow-non-boolean': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const format = parsed.values.format;
  if (format !== 'text' && format !== 'json') {
    io.stderr(`--format must be "text" or "json", not "${format}".\n`);
    return ExitCode.usage;
  }
  if (!parsed.positionals.length) {
    io.stderr(`lint needs at least one file or folder.\n\n${USAGE}`);
    return ExitCode.usage;
  }
  const { files, missing } = collectFiles(parsed.positionals, io);
  if (missing.length) {
    io.stderr(`No such file or folder: ${missing.join(', ')}\n`);
    return ExitCode.usage;
  }
  const options = { format, strict: parsed.values.strict ?? false, pqlRequireBoolean: !parsed.values['allow-non-boolean'] } as const;
  const reports = lintFiles(files, options, io);
  printReports(reports, options, io);
  return hasFailures(reports, options) ? ExitCode.failed : ExitCode.ok;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => { process.exitCode = code; },
    (error) => {
      process.stderr.write(`segment-workbench: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.failed;
    },
  );
}
