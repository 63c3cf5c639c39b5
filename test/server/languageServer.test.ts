// The built language server over real JSON-RPC on stdio: open, change, ask.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { messageOf, startTestServer, type TestServer } from '../support/lspClient';
import { applyEdits, marked } from '../support/markers';

const UNLEASH_URI = 'file:///work/segments/beta.unleash.json';
const CJA_URI = 'file:///work/segments/visits.cja.json';
const PQL_URI = 'file:///work/segments/us.pql';
const AEP_URI = 'file:///work/segments/us.aep.json';

function positionAt(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

describe('language server over JSON-RPC', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('reports a wrong-case Unleash operator at the operator and clears it after the fix', async () => {
    const fixture = marked(`{
  "name": "beta-testers",
  "constraints": [
    { "contextName": "userId", "operator": [["in"]], "values": ["a", "b"] }
  ]
}`);
    await server.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: UNLEASH_URI, languageId: 'json', version: 1, text: fixture.text },
    });
    const first = await server.diagnostics(UNLEASH_URI, 1);
    const operatorDiagnostics = first.diagnostics.filter((d) => /IN/.test(messageOf(d)));
    assert.ok(operatorDiagnostics.length >= 1, JSON.stringify(first.diagnostics));
    assert.deepEqual(operatorDiagnostics[0].range.start, positionAt(fixture.text, fixture.ranges[0].start));

    const fixed = fixture.text.replace('"in"', '"IN"');
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: UNLEASH_URI, version: 2 },
      contentChanges: [{ text: fixed }],
    });
    const second = await server.diagnostics(UNLEASH_URI, 2);
    assert.deepEqual(second.diagnostics, []);
  });

  it('offers a quick fix for the wrong-case operator', async () => {
    const text = '{"name":"x","constraints":[{"contextName":"userId","operator":"in","values":["a"]}]}';
    const uri = 'file:///work/segments/fix.unleash.json';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const published = await server.diagnostics(uri, 1);
    const actions = await server.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: published.diagnostics[0].range,
      context: { diagnostics: published.diagnostics },
    }) as { title: string; edit: { changes: Record<string, { newText: string }[]> } }[];
    const fix = actions.find((a) => a.edit.changes[uri].some((e) => e.newText === '"IN"'));
    assert.ok(fix, `no fix to "IN" among ${JSON.stringify(actions.map((a) => a.title))}`);
  });

  it('only the latest version of a rapidly edited document is validated', async () => {
    const uri = 'file:///work/segments/rapid.unleash.json';
    const base = (op: string) => `{"name":"x","constraints":[{"contextName":"userId","operator":"${op}","values":["a"]}]}`;
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: base('bad1') } });
    for (let version = 2; version <= 5; version++) {
      await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: base(version === 5 ? 'IN' : `bad${version}`) }] });
    }
    const published = await server.diagnostics(uri);
    assert.equal(published.version, 5);
    assert.deepEqual(published.diagnostics, []);
  });

  it('validates a CJA definition and offers the funcs valid in a predicate position', async () => {
    const fixture = marked(`{
  "func": "segment",
  "version": [1, 0, 0],
  "container": {
    "func": "container",
    "context": "visits",
    "pred": { "func": "|" }
  }
}`);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: CJA_URI, languageId: 'json', version: 1, text: fixture.text } });
    const items = await server.connection.sendRequest('textDocument/completion', {
      textDocument: { uri: CJA_URI },
      position: positionAt(fixture.text, fixture.cursor!),
    }) as { label: string }[];
    const labels = items.map((i) => i.label);
    for (const expected of ['streq', 'and', 'container', 'exists', 'sequence']) assert.ok(labels.includes(expected), `${expected} missing from ${labels.join(', ')}`);
    for (const unexpected of ['attr', 'segment', 'time-restriction']) assert.ok(!labels.includes(unexpected), `${unexpected} offered in a predicate position`);
  });

  it('hovers a func with its documentation', async () => {
    const fixture = marked('{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"str|eq","val":{"func":"attr","name":"variables/page"},"str":"Home"}}}');
    const uri = 'file:///work/segments/hover.cja.json';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: fixture.text } });
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(fixture.text, fixture.cursor!) }) as { contents: { value: string } } | null;
    assert.ok(hover, 'no hover');
    assert.match(hover.contents.value, /streq/);
    assert.ok(hover.contents.value.length > 30, hover.contents.value);
  });

  it('checks a .pql file and the PQL embedded in an AEP definition', async () => {
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: PQL_URI, languageId: 'pql', version: 1, text: 'homeAddress.countryCode = "US" and person.name.startsWith(' } });
    const pql = await server.diagnostics(PQL_URI, 1);
    assert.ok(pql.diagnostics.some((d) => d.severity === 1), JSON.stringify(pql.diagnostics));

    const fixture = marked(`{
  "name": "US customers",
  "schema": { "name": "_xdm.context.profile" },
  "expression": { "type": "PQL", "format": "pql/text", "value": "homeAddress.countryCode = \\"US\\" and [[nosuchfunction]](1)" }
}`);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: AEP_URI, languageId: 'json', version: 1, text: fixture.text } });
    const aep = await server.diagnostics(AEP_URI, 1);
    const unknown = aep.diagnostics.find((d) => /nosuchfunction/.test(messageOf(d)));
    assert.ok(unknown, JSON.stringify(aep.diagnostics));
    assert.deepEqual(unknown.range, { start: positionAt(fixture.text, fixture.ranges[0].start), end: positionAt(fixture.text, fixture.ranges[0].end) });
  });

  it('survives a 100,000-deep document with a located diagnostic', async () => {
    const uri = 'file:///work/segments/deep.cja.json';
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    const published = await server.diagnostics(uri, 1, 30_000);
    assert.equal(published.diagnostics.length, 1);
    assert.match(messageOf(published.diagnostics[0]), /deep/);
    const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    assert.deepEqual(symbols, []);
  });

  it('formats JSON while keeping comments', async () => {
    const uri = 'file:///work/segments/format.unleash.json';
    const text = '{"name":"x", // the segment name\n"constraints":[]}';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'jsonc', version: 1, text } });
    const edits = await server.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }) as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
    const lines = text.split('\n');
    const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
    const formatted = applyEdits(text, edits.map((e) => ({ range: { start: offset(e.range.start), end: offset(e.range.end) }, newText: e.newText })));
    assert.equal(formatted, '{\n  "name": "x", // the segment name\n  "constraints": []\n}\n');
  });

  it('follows the settings: user glob patterns make a plain .json file a segment kind', async () => {
    const uri = 'file:///work/analytics/segments/visits.json';
    const text = '{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"streq","val":{"func":"attr","name":"variables/page"}}}}';
    // Content detection would also find it; turn it off so only the glob can.
    await server.connection.sendNotification('segmentWorkbench/didChangeSettings', { detectByContent: false, fileAssociations: {} });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text } });
    assert.deepEqual((await server.diagnostics(uri, 1)).diagnostics, []);
    await server.connection.sendNotification('segmentWorkbench/didChangeSettings', { detectByContent: false, fileAssociations: { cja: ['**/analytics/segments/*.json'] } });
    const published = await server.diagnostics(uri, 1);
    assert.ok(published.diagnostics.some((d) => /str/.test(messageOf(d))), JSON.stringify(published.diagnostics));
    await server.connection.sendNotification('segmentWorkbench/didChangeSettings', {});
  });

  it('offers a data view\'s own components, sent by the client, beside the standard ids', async () => {
    await server.connection.sendNotification('segmentWorkbench/addComponents', {
      label: 'data view dv_1',
      components: [{ kind: 'dimension', id: 'variables/adobe_firstvreturn_sessiontype', name: 'First or return session' }, { kind: 'nonsense' }],
    });
    const uri = 'file:///work/segments/dataview.cja.json';
    const fixture = marked('{"func":"segment","version":[1,0,0],"container":{"func":"container","context":"hits","pred":{"func":"exists","val":{"func":"attr","name":"|"}}}}');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: fixture.text } });
    const items = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAt(fixture.text, fixture.cursor!) }) as { label: string; detail?: string }[];
    const own = items.find((i) => i.label === 'variables/adobe_firstvreturn_sessiontype');
    assert.ok(own, 'the data view component is offered');
    assert.equal(own.detail, 'First or return session');
    assert.ok(items.some((i) => i.label === 'variables/page'), 'the standard ids are still offered');
  });
});
