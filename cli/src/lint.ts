// `segment-workbench lint PATH...`: the language server's checks on files and folders, for terminals and CI.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { SegmentLanguageService } from '../../server/src/language/segmentLanguageService';
import { detectKind, kindFromPath, type DocumentKind } from '../../server/src/language/documentKind';
import { LineIndex } from '../../server/src/language/common/lineIndex';
import type { CoreDiagnostic, Severity } from '../../server/src/language/common/coreTypes';
import type { CliIo } from './io';

export interface LintOptions {
  format: 'text' | 'json';
  /** Treat warnings as failures too. */
  strict: boolean;
  pqlRequireBoolean: boolean;
}

export interface FileReport {
  file: string;
  kind: DocumentKind;
  diagnostics: (Omit<CoreDiagnostic, 'fixes' | 'range'> & { line: number; column: number; endLine: number; endColumn: number })[];
}

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'out']);
const MAX_FILES = 100_000;

/** Every file below the given paths that is a segment document (by name, or by content for other .json files). */
export function collectFiles(paths: string[], io: CliIo): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const visit = (path: string, explicit: boolean) => {
    if (files.length >= MAX_FILES) return;
    let stat;
    try {
      stat = statSync(path);
    } catch {
      if (explicit) missing.push(path);
      return;
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (SKIPPED_FOLDERS.has(name) || name.startsWith('.')) continue;
        visit(join(path, name), false);
      }
    } else if (explicit || kindFromPath(path) || path.endsWith('.json')) {
      files.push(path);
    }
  };
  for (const p of paths) visit(isAbsolute(p) ? p : join(io.cwd, p), true);
  return { files, missing };
}

export function lintFiles(files: string[], options: LintOptions, io: CliIo): FileReport[] {
  const service = new SegmentLanguageService();
  service.pqlRequireBoolean = options.pqlRequireBoolean;
  const reports: FileReport[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const kind = detectKind(file, text);
    if (!kind) continue;
    const lines = new LineIndex(text);
    const diagnostics = service.validate({ path: file, text, kind }).map(({ fixes: _fixes, range, ...d }) => {
      const start = lines.positionAt(range.start);
      const end = lines.positionAt(range.end);
      return { ...d, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
    });
    diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
    reports.push({ file: relative(io.cwd, file) || file, kind, diagnostics });
  }
  return reports;
}

export function printReports(reports: FileReport[], options: LintOptions, io: CliIo): void {
  if (options.format === 'json') {
    io.stdout(JSON.stringify({ files: reports }, null, 2) + '\n');
    return;
  }
  const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const report of reports) {
    for (const d of report.diagnostics) {
      counts[d.severity]++;
      io.stdout(`${report.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]\n`);
    }
  }
  io.stderr(`${reports.length} file${reports.length === 1 ? '' : 's'} checked: ${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}.\n`);
}

export function hasFailures(reports: FileReport[], options: LintOptions): boolean {
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error' || (options.strict && d.severity === 'warning')));
}
