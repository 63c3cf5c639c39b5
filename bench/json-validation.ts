// Validation speed of the JSON kinds, in one process, against two baselines on the same text:
//   - vscode-json-languageservice's doValidation with the same JSON Schema (what a generic JSON editor does);
//   - plain JSON.parse (the floor).
// Ours = SegmentLanguageService.validate (jsonc-parser tree + ajv with the discriminator + semantic rules).
// Run: node --import tsx bench/json-validation.ts [runs]
import { getLanguageService, TextDocument as JsonTextDocument } from 'vscode-json-languageservice';
import { SegmentLanguageService } from '../server/src/language/segmentLanguageService';
import { SCHEMAS } from '../server/src/language/json/schemaRegistry';
import { generateCjaSegment, generateUnleashSegment } from './support/generateSegments';
import { fmt, median, timeRuns } from './support/stats';

const runs = Number(process.argv[2] ?? 15);

async function measure(label: string, kind: 'cja' | 'unleash', text: string): Promise<void> {
  const jsonService = getLanguageService({});
  jsonService.configure({ validate: true, allowComments: false, schemas: [{ uri: `https://segment-workbench.dev/${kind}.schema.json`, fileMatch: ["*"], schema: structuredClone(SCHEMAS[kind]) }] });
  const document = JsonTextDocument.create(`file:///bench.${kind}.json`, 'json', 1, text);

  // One service, as in the language server; validate() keeps no cache between calls.
  const service = new SegmentLanguageService();
  const ours = () => {
    const diagnostics = service.validate({ path: `bench.${kind}.json`, text, kind });
    if (diagnostics.some((d) => d.severity === 'error')) throw new Error(`generated document is invalid: ${JSON.stringify(diagnostics.slice(0, 3))}`);
  };
  const parseOnly = () => JSON.parse(text);
  const theirs: number[] = [];
  // Both sides get the same warm-up (unmeasured runs for the JIT) before the measured runs.
  const warmup = 10;
  for (let i = 0; i < runs + warmup; i++) {
    const start = performance.now();
    const parsed = jsonService.parseJSONDocument(document);
    await jsonService.doValidation(document, parsed);
    if (i >= warmup) theirs.push(performance.now() - start);
  }
  const oursTimes = timeRuns(ours, runs, warmup);
  const parseTimes = timeRuns(parseOnly, runs, warmup);
  const o = median(oursTimes);
  const t = median(theirs);
  const p = median(parseTimes);
  console.log(`${label} (${(text.length / 1e6).toFixed(2)} MB), median of ${runs}:`);
  console.log(`  ours                          ${fmt(o)}`);
  console.log(`  vscode-json-languageservice   ${fmt(t)}   ours/theirs = ${(o / t).toFixed(3)}`);
  console.log(`  JSON.parse                    ${fmt(p)}   ours/JSON.parse = ${(o / p).toFixed(1)}`);
}

async function main(): Promise<void> {
  await measure('CJA definition ~1 MB', 'cja', generateCjaSegment(1_000_000));
  await measure('CJA definition ~2.9 MB', 'cja', generateCjaSegment(2_900_000));
  await measure('Unleash segment, 40 constraints x 1000 values', 'unleash', generateUnleashSegment(40, 1000));
}

void main();
