// `validate FILE...`: asks the service itself whether a segment is valid. CJA has a validation endpoint;
// Unleash can only check a name (its constraints are checked when pushed); AEP has no validation-only endpoint,
// so AEP files are reported as not checked (the local `lint` covers them).
import { relative, resolve } from 'node:path';
import { describeError, type CjaSegmentDefinition } from '../../../../remote/src/index';
import { ExitCode } from '../../io';
import type { CommandContext } from '../commandContext';
import { readLocalFile, type LocalFile } from '../localFiles';
import type { CommandSpec } from './types';

interface Outcome {
  file: string;
  service?: string;
  /** null = the service could not check this file. */
  valid: boolean | null;
  message?: string;
  errors?: string[];
  supportedProducts?: string[];
}

async function validateCja(context: CommandContext, file: LocalFile, shown: string): Promise<Outcome> {
  const { clients } = await context.openFor('cja');
  if (clients.service !== 'cja') throw new Error('not a CJA connection');
  const value = file.value;
  const bare = value.func === 'segment' || value.func === 'segment-def';
  const definition = (bare ? value : value.definition) as CjaSegmentDefinition | undefined;
  if (!definition || typeof definition !== 'object') return { file: shown, service: 'cja', valid: false, message: 'the file has no "definition"' };
  const result = await clients.cja.validateDefinition({
    definition,
    dataId: typeof value.dataId === 'string' ? value.dataId : undefined,
    name: typeof value.name === 'string' ? value.name : undefined,
    description: typeof value.description === 'string' ? value.description : undefined,
  }, { signal: context.signal });
  return { file: shown, service: 'cja', valid: result.valid, message: result.message, errors: result.errors, supportedProducts: result.supportedProducts };
}

async function validateUnleash(context: CommandContext, file: LocalFile, shown: string): Promise<Outcome> {
  const { clients, adapter } = await context.openFor('unleash');
  if (clients.service !== 'unleash') throw new Error('not an Unleash connection');
  const name = file.value.name;
  if (typeof name !== 'string' || !name.trim()) return { file: shown, service: 'unleash', valid: false, message: 'the segment needs a name' };
  const id = adapter.parseId(file.value.id);
  if (id !== undefined) {
    const remote = await clients.unleash.getSegment(Number(id), { signal: context.signal });
    if (remote.name === name) {
      return { file: shown, service: 'unleash', valid: true, message: 'name unchanged (Unleash checks constraints when the segment is pushed)' };
    }
  }
  const check = await clients.unleash.validateName(name, { signal: context.signal });
  return check.available
    ? { file: shown, service: 'unleash', valid: true, message: `the name "${name}" is free (Unleash checks constraints when the segment is pushed)` }
    : { file: shown, service: 'unleash', valid: false, message: check.message };
}

async function validate(context: CommandContext, positionals: string[]): Promise<number> {
  if (positionals.length === 0) {
    context.err('validate needs at least one file.');
    return ExitCode.usage;
  }
  const outcomes: Outcome[] = [];
  for (const argument of positionals) {
    const path = resolve(context.io.cwd, argument);
    const shown = relative(context.io.cwd, path) || argument;
    try {
      const read = await readLocalFile(path);
      if (!read.ok) {
        outcomes.push({ file: shown, valid: false, message: read.message });
        continue;
      }
      if (read.file.kind === 'cja') outcomes.push(await validateCja(context, read.file, shown));
      else if (read.file.kind === 'unleash') outcomes.push(await validateUnleash(context, read.file, shown));
      else {
        outcomes.push({
          file: shown,
          service: 'aep',
          valid: null,
          message: 'AEP has no validation-only endpoint; the service checks a definition when it is pushed (run `segment-workbench lint` for the local checks)',
        });
      }
    } catch (error) {
      outcomes.push({ file: shown, valid: false, message: describeError(error) });
    }
  }
  if (context.format === 'json') {
    context.json({ results: outcomes });
  } else {
    for (const o of outcomes) {
      const status = o.valid === null ? 'not checked' : o.valid ? 'valid' : 'invalid';
      const line = `${status.padEnd(11)} ${o.file}${o.message ? `: ${o.message}` : ''}`;
      if (o.valid === false) context.err(line);
      else context.out(line);
      for (const error of o.errors ?? []) (o.valid ? context.out : context.err).call(context, `  - ${error}`);
    }
  }
  return outcomes.some((o) => o.valid === false) ? ExitCode.failed : ExitCode.ok;
}

export const validateCommand: CommandSpec = {
  run: validate,
  options: {},
  usage: "validate FILE...   ask the service to validate segment files (CJA definitions, Unleash names)",
};
