// The CLI as a process: `node dist/cli.js lint ...` output, formats and exit codes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const FIXTURES = join('test', 'fixtures', 'lint');

function run(...args: string[]) {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('segment-workbench lint', () => {
  it('passes clean files with exit 0 and prints a summary', () => {
    const result = run('lint', join(FIXTURES, 'ok'));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /3 files checked: 0 errors/);
  });

  it('reports problems as file:line:col: severity: message [code] with exit 1', () => {
    const result = run('lint', join(FIXTURES, 'bad'));
    assert.equal(result.code, 1, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    const operator = lines.find((l) => l.includes('wrong-operator.unleash.json'));
    assert.ok(operator, result.stdout);
    assert.match(operator, /^test\/fixtures\/lint\/bad\/wrong-operator\.unleash\.json:4:44: error: .*IN.* \[[\w/-]+\]$/);
    const typo = lines.find((l) => l.includes('typo.pql'));
    assert.ok(typo, result.stdout);
    assert.match(typo, /^test\/fixtures\/lint\/bad\/typo\.pql:1:13: error: .*startWith.*startsWith.* \[pql\/[\w-]+\]$/);
  });

  it('prints JSON for machines', () => {
    const result = run('lint', '--format', 'json', join(FIXTURES, 'bad', 'wrong-operator.unleash.json'));
    assert.equal(result.code, 1);
    const report = JSON.parse(result.stdout) as { files: { file: string; kind: string; diagnostics: { line: number; column: number; severity: string; code: string }[] }[] };
    assert.equal(report.files.length, 1);
    assert.equal(report.files[0].kind, 'unleash');
    assert.equal(report.files[0].diagnostics[0].line, 4);
    assert.equal(report.files[0].diagnostics[0].severity, 'error');
  });

  it('exits 2 on usage errors', () => {
    assert.equal(run('lint').code, 2);
    assert.equal(run('lint', '--format', 'xml', FIXTURES).code, 2);
    assert.equal(run('lint', 'no/such/path.cja.json').code, 2);
    assert.equal(run('frobnicate').code, 2);
  });
});
