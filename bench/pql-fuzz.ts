// Many more fuzz cases than the test: node --import tsx bench/pql-fuzz.ts [count] [seed]
// Reports exceptions and the slowest inputs; exits 1 on an exception or an input slower than 2 s.
import { PqlLanguageService } from '../server/src/language/pql';
import { fuzzCases } from '../test/core/pql/fuzzCases';

const count = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? Date.now() % 1e9);
const service = new PqlLanguageService();
let failures = 0;
const slow: { name: string; ms: number }[] = [];
const t0 = performance.now();
let n = 0;
for (const c of fuzzCases(count, seed)) {
  const start = performance.now();
  try {
    service.validate(c.text);
    service.complete(c.text, c.text.length >> 1);
    service.hover(c.text, c.text.length >> 1);
    service.signatureHelp(c.text, c.text.length);
    service.format(c.text);
    service.semanticTokens(c.text);
  } catch (e) {
    failures++;
    console.log(`EXCEPTION in ${c.name}: ${(e as Error).stack}\n  input: ${JSON.stringify(c.text.slice(0, 300))}`);
  }
  const ms = performance.now() - start;
  slow.push({ name: c.name, ms });
  if (ms > 2000) { failures++; console.log(`SLOW ${c.name}: ${ms.toFixed(0)} ms`); }
  n++;
}
slow.sort((a, b) => b.ms - a.ms);
console.log(`seed ${seed}: ${n} cases in ${((performance.now() - t0) / 1000).toFixed(1)} s; slowest: ${slow.slice(0, 5).map((s) => `${s.name} ${s.ms.toFixed(0)} ms`).join(', ')}`);
console.log(failures ? `${failures} failures` : 'no failures');
process.exit(failures ? 1 : 0);
