// Runs the test tiers with Node's own test runner (TypeScript loaded through tsx).
//   node scripts/run-tests.mjs            every tier
//   node scripts/run-tests.mjs core cli   only the named tiers (folders under test/)
// Tiers run in order; a tier with its own runner (test/<tier>/run.mjs, the end-to-end tier) is started as is.
// The last line sums every tier: "N passed, N failed".
import { spawn } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL_TIERS = ['core', 'server', 'cli', 'remote', 'unleash', 'e2e'];
/** Runners of a tier besides its run.mjs: the packaged .vsix installed into the editor. */
const EXTRA_RUNNERS = { e2e: ['test/e2e/vsix.mjs'] };
const requested = process.argv.slice(2);
const tiers = requested.length ? requested : ALL_TIERS;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/** Runs one tier, echoing its output, and counts passes and failures from its summary lines. */
function runTier(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    const counts = { passed: 0, failed: 0 };
    let pending = '';
    const scan = (line) => {
      const nodeSummary = /^(?:ℹ|#) (pass|fail) (\d+)\s*$/.exec(line);
      if (nodeSummary) counts[nodeSummary[1] === 'pass' ? 'passed' : 'failed'] += Number(nodeSummary[2]);
      const plain = /^e2e: (\d+) passed, (\d+) failed/.exec(line);
      if (plain) { counts.passed += Number(plain[1]); counts.failed += Number(plain[2]); }
      if (/^vsix: passed/.test(line)) counts.passed += 1;
      if (/^vsix: FAILED/.test(line)) counts.failed += 1;
    };
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      lines.forEach(scan);
    });
    child.on('close', (code) => {
      scan(pending);
      resolve({ code, ...counts });
    });
  });
}

let passed = 0;
let failed = 0;
let tierFailed = false;
for (const tier of tiers) {
  const dir = join('test', tier);
  if (!existsSync(dir)) {
    if (requested.length) { console.error(`No such test tier: ${dir}`); process.exit(2); }
    continue;
  }
  const runner = join(dir, 'run.mjs');
  const runs = existsSync(runner)
    ? [[runner], ...(EXTRA_RUNNERS[tier] ?? []).map((script) => [script])]
    : [['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...findTests(dir)]];
  console.log(`\n=== tier ${tier} ===`);
  for (const args of runs) {
    const result = await runTier(args);
    passed += result.passed;
    failed += result.failed;
    if (result.code !== 0) {
      tierFailed = true;
      // A run that failed without reporting a failing test (a crash, a missing component) still counts as one.
      if (result.failed === 0) failed += 1;
      console.log(`=== tier ${tier}: ${args[0]} FAILED (exit ${result.code}) ===`);
    }
  }
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(tierFailed ? 1 : 0);
