// Command-line entry: starts the emulator, prints one JSON line {"url":...,"credentials":...} on stdout when it is
// ready, and stops cleanly on SIGINT/SIGTERM.
//
//   node --import tsx emulator/src/main.ts [--port 0] [--seed demo|empty|cja=10000,aep=500]
//        [--per-minute 60] [--concurrent 6] [--job-step-ms 500] [--token-ttl 86399]
import { parseArguments } from './cliArguments';
import { startEmulator } from './index';
import type { EmulatorOptions } from './types';

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 2;
    return;
  }
  const emulator = await startEmulator(options);
  process.stdout.write(`${JSON.stringify({ url: emulator.url, credentials: emulator.credentials })}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`emulator failed to start: ${(error as Error).message}\n`);
  process.exit(1);
});
