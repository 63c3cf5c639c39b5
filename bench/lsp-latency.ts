// Completion and hover latency over LSP on large documents, against a named baseline in the same run: the same
// request on a small document of the same kind (the protocol's and the server's fixed cost). CJA definitions of
// 1 MB and 3 MB, and a 100 KB PQL expression in a .pql file.
// Run (after npm run build): node --import tsx bench/lsp-latency.ts [requests]
import { startTestServer } from '../test/support/lspClient';
import { generateCjaSegment, prng } from './support/generateSegments';
import { pqlOfSize } from './support/generatePql';
import { percentile } from './support/stats';

const REQUESTS = Number(process.argv[2] ?? 60);

function positionAt(text: string, offset: number) {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

/** Offsets just inside `"func": "` values and inside `"name": "` values: places people hover and complete. */
function interestingOffsets(text: string, count: number, seed: number): number[] {
  const candidates: number[] = [];
  for (const match of text.matchAll(/"(func|name|context)": "/g)) candidates.push(match.index! + match[0].length + 1);
  const random = prng(seed);
  return Array.from({ length: count }, () => candidates[Math.floor(random() * candidates.length)]);
}

async function main(): Promise<void> {
  const server = await startTestServer();
  try {
    const documents = [
      { label: 'small (baseline)', text: generateCjaSegment(2_000) },
      { label: '~1 MB', text: generateCjaSegment(1_000_000) },
      { label: '~2.9 MB', text: generateCjaSegment(2_900_000) },
    ];
    const results: Record<string, { completion: number[]; hover: number[] }> = {};
    for (const [i, doc] of documents.entries()) {
      const uri = `file:///bench/doc${i}.cja.json`;
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: doc.text } });
      await server.diagnostics(uri, 1, 120_000);
      const times = { completion: [] as number[], hover: [] as number[] };
      for (const offset of interestingOffsets(doc.text, REQUESTS, 7 + i)) {
        const position = positionAt(doc.text, offset);
        let start = performance.now();
        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        times.completion.push(performance.now() - start);
        start = performance.now();
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position });
        times.hover.push(performance.now() - start);
      }
      results[doc.label] = times;
    }
    // PQL: after a `.` (member completion) and on identifiers (hover).
    for (const [i, doc] of [{ label: 'PQL small (baseline)', text: pqlOfSize(300) }, { label: 'PQL 100 KB', text: pqlOfSize(100_000) }].entries()) {
      const uri = `file:///bench/expr${i}.pql`;
      await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pql', version: 1, text: doc.text } });
      await server.diagnostics(uri, 1, 120_000);
      const dots = [...doc.text.matchAll(/\.(?=[a-z])/g)].map((m) => m.index! + 1);
      const random = prng(31 + i);
      const times = { completion: [] as number[], hover: [] as number[] };
      for (let r = 0; r < REQUESTS; r++) {
        const offset = dots[Math.floor(random() * dots.length)];
        const position = positionAt(doc.text, offset);
        let start = performance.now();
        await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position });
        times.completion.push(performance.now() - start);
        start = performance.now();
        await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: position.line, character: position.character + 2 } });
        times.hover.push(performance.now() - start);
      }
      results[doc.label] = times;
    }
    const base = results['small (baseline)'];
    const pqlBase = results['PQL small (baseline)'];
    for (const [label, times] of Object.entries(results)) {
      const baseline = label.startsWith('PQL') ? pqlBase : base;
      const c50 = percentile(times.completion, 50);
      const c95 = percentile(times.completion, 95);
      const h50 = percentile(times.hover, 50);
      const h95 = percentile(times.hover, 95);
      console.log(`${label.padEnd(18)} completion p50 ${c50.toFixed(1)} ms p95 ${c95.toFixed(1)} ms (p95 x${(c95 / percentile(baseline.completion, 95)).toFixed(1)} baseline) | hover p50 ${h50.toFixed(1)} ms p95 ${h95.toFixed(1)} ms (p95 x${(h95 / percentile(baseline.hover, 95)).toFixed(1)} baseline)`);
    }
  } finally {
    await server.stop();
  }
}

void main();
