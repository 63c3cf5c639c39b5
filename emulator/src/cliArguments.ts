// Command-line options of main.ts, parsed into EmulatorOptions.
import type { EmulatorOptions } from './types';

const USAGE =
  'usage: main.ts [--port N] [--seed demo|empty|cja=N,aep=M] [--per-minute N] [--concurrent N] [--job-step-ms N] [--token-ttl SECONDS]';

export function parseArguments(args: readonly string[]): EmulatorOptions {
  const options: EmulatorOptions = {};
  let perMinute: number | undefined;
  let concurrent: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    i++;
    switch (flag) {
      case '--port':
        options.port = whole(flag, value);
        break;
      case '--seed':
        options.seed = parseSeed(value);
        break;
      case '--per-minute':
        perMinute = whole(flag, value);
        break;
      case '--concurrent':
        concurrent = whole(flag, value);
        break;
      case '--job-step-ms':
        options.jobStepMs = whole(flag, value);
        break;
      case '--token-ttl':
        options.tokenTtlSeconds = whole(flag, value);
        break;
      default:
        throw new Error(`unknown option ${flag}\n${USAGE}`);
    }
  }
  if (perMinute !== undefined || concurrent !== undefined) options.rateLimit = { perMinute: perMinute ?? 60, concurrent: concurrent ?? 6 };
  return options;
}

function parseSeed(value: string): EmulatorOptions['seed'] {
  if (value === 'demo' || value === 'empty') return value;
  const counts: { cjaSegments?: number; aepDefinitions?: number } = {};
  for (const part of value.split(',')) {
    const [key, count] = part.split('=');
    if (key === 'cja') counts.cjaSegments = whole('--seed cja', count ?? '');
    else if (key === 'aep') counts.aepDefinitions = whole('--seed aep', count ?? '');
    else throw new Error(`--seed must be demo, empty or cja=N,aep=M\n${USAGE}`);
  }
  return counts;
}

function whole(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new Error(`${flag} must be a whole number\n${USAGE}`);
  return Number(value);
}
