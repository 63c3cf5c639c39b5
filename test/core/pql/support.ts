// Shared helpers for the PQL core tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PqlLanguageService } from '../../../server/src/language/pql';

export const service = new PqlLanguageService();

export interface Example { status: string; expression: string; source: string; line: number }

/** The documented examples (a copy of shared/reference/pql-examples.txt kept in test/fixtures for CI). */
export function loadExamples(): Example[] {
  const text = readFileSync(join(__dirname, '..', '..', 'fixtures', 'pql-examples.txt'), 'utf8');
  const out: Example[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line || line.startsWith('#')) return;
    const [status, expression, source] = line.split('\t');
    out.push({ status, expression, source, line: i + 1 });
  });
  return out;
}

export function errorsOf(text: string, expectBoolean = false) {
  return service.validate(text, undefined, { expectBoolean }).filter((d) => d.severity === 'error');
}

export function show(ds: { code: string; message: string; range: { start: number; end: number } }[], text: string): string {
  return JSON.stringify(ds.map((d) => [d.code, text.slice(d.range.start, d.range.end), d.message]), null, 1);
}
