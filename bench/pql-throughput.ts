// PQL parse-and-check throughput against JSON.parse on a JSON text of the same size, in the same process.
//   node --import tsx bench/pql-throughput.ts [runs]
// Generates ~1 MB and ~5 MB expressions (a long `or` of realistic conditions: comparisons on XDM fields, string
// methods, xEvent filters with occurs, chains, selects, inSegment), analyses each several times with a fresh
// service (no cache), and prints the median MB/s of both and their ratio. Target: at least 1/10 of JSON.parse.
import { PqlLanguageService } from '../server/src/language/pql';
import { pqlOfSize } from './support/generatePql';

const runs = Number(process.argv[2] ?? 7);
const WARMUP = 3;

function jsonOfSize(bytes: number): string {
  const items: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i++) {
    const s = JSON.stringify({ nodeType: 'fnApply', fnName: '=', params: [{ nodeType: 'fieldLookup', fieldName: `country${i % 100}`, object: { nodeType: 'parameterReference', position: 1 } }, { nodeType: 'literal', literalType: 'String', value: `US${i}` }] });
    items.push(s);
    size += s.length + 1;
  }
  return '[' + items.join(',') + ']';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

let worst = Infinity;
for (const mb of [1, 5]) {
  const pql = pqlOfSize(mb * 1024 * 1024);
  const json = jsonOfSize(pql.length);
  const pqlMs: number[] = [];
  const jsonMs: number[] = [];
  let diagnostics = 0;
  // Steady state: both sides get the same unmeasured warm-up runs (the JIT), then the measured ones.
  for (let r = 0; r < WARMUP; r++) {
    JSON.parse(json);
    new PqlLanguageService().validate(pql);
  }
  for (let r = 0; r < runs; r++) {
    jsonMs.push(time(() => JSON.parse(json)));
    pqlMs.push(time(() => { diagnostics = new PqlLanguageService().validate(pql).length; }));
  }
  const mbs = (ms: number, len: number) => len / 1024 / 1024 / (ms / 1000);
  const pqlRate = mbs(median(pqlMs), pql.length);
  const jsonRate = mbs(median(jsonMs), json.length);
  const ratio = pqlRate / jsonRate;
  worst = Math.min(worst, ratio);
  console.log(`${(pql.length / 1024 / 1024).toFixed(2)} MB PQL: parse+check median ${median(pqlMs).toFixed(1)} ms = ${pqlRate.toFixed(1)} MB/s (${diagnostics} diagnostics); ` +
    `JSON.parse ${(json.length / 1024 / 1024).toFixed(2)} MB median ${median(jsonMs).toFixed(1)} ms = ${jsonRate.toFixed(1)} MB/s; ratio 1/${(1 / ratio).toFixed(1)}`);
}
console.log(worst >= 0.1 ? `OK: PQL throughput is at least 1/10 of JSON.parse (worst ratio 1/${(1 / worst).toFixed(1)})` : `BELOW TARGET: worst ratio 1/${(1 / worst).toFixed(1)} (target 1/10)`);
