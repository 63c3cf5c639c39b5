// Runs the test tiers with Node's own test runner (TypeScript loaded through tsx).
//   node scripts/run-tests.mjs            every tier
//   node scripts/run-tests.mjs core cli   only the named tiers (folders under test/)
// Tiers run in order; the end-to-end tier (test/e2e) has its own runner and is started last.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const ALL_TIERS = ['core', 'server', 'cli', 'remote', 'unleash', 'e2e'];
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

let failed = false;
for (const tier of tiers) {
  const dir = join('test', tier);
  if (!existsSync(dir)) {
    if (requested.length) { console.error(`No such test tier: ${dir}`); process.exit(2); }
    continue;
  }
  const runner = join(dir, 'run.mjs');
  const args = existsSync(runner)
    ? [runner]
    : ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...findTests(dir)];
  console.log(`\n=== tier ${tier} ===`);
  const result = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
