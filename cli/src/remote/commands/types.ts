// The signature every remote command implements.
import type { CommandContext } from '../commandContext';

export type OptionValues = Record<string, string | boolean | undefined>;

export type RemoteCommand = (context: CommandContext, positionals: string[], options: OptionValues) => Promise<number>;

export interface CommandSpec {
  run: RemoteCommand;
  /** Options of this command besides the common ones (node:util parseArgs format). */
  options: Record<string, { type: 'string' | 'boolean'; short?: string }>;
  usage: string;
}
