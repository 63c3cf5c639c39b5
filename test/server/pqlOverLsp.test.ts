// PQL over JSON-RPC: a .pql file and the PQL embedded in an AEP definition (positions mapped through JSON escapes).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/lspClient';
import { marked } from '../support/markers';

function positionAt(text: string, offset: number) {
  const lines = text.slice(0, offset).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

interface CompletionItem { label: string; textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string } }

describe('PQL over JSON-RPC', () => {
  let server: TestServer;
  before(async () => { server = await startTestServer(); });
  after(async () => { await server.stop(); });

  it('completes methods for the receiver type, hovers functions, helps with signatures in a .pql file', async () => {
    const uri = 'file:///work/q.pql';
    const fixture = marked('person.name.firstName.|');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pql', version: 1, text: fixture.text } });
    const items = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAt(fixture.text, fixture.cursor!) }) as CompletionItem[];
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('startsWith'), labels.join());
    assert.ok(!labels.includes('count'), 'count() is an array method, not a string one');

    const text = 'person.name.firstName.startsWith("Jo", ';
    await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
    const help = await server.connection.sendRequest('textDocument/signatureHelp', { textDocument: { uri }, position: positionAt(text, text.length) }) as { activeParameter: number; signatures: { label: string }[] } | null;
    assert.ok(help);
    assert.match(help.signatures[0].label, /startsWith/);
    assert.equal(help.activeParameter, 1);
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(text, 25) }) as { contents: { value: string } } | null;
    assert.ok(hover && /startsWith/.test(hover.contents.value), JSON.stringify(hover));
  });

  it('formats a .pql file and returns semantic tokens', async () => {
    const uri = 'file:///work/f.pql';
    const text = 'homeAddress.countryCode="US"  AND   person.birthYear>1980';
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'pql', version: 1, text } });
    const edits = await server.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }) as { range: { start: { character: number }; end: { character: number } }; newText: string }[];
    let formatted = text;
    for (const e of [...edits].sort((a, b) => b.range.start.character - a.range.start.character)) {
      formatted = formatted.slice(0, e.range.start.character) + e.newText + formatted.slice(e.range.end.character);
    }
    assert.equal(formatted, 'homeAddress.countryCode = "US" and person.birthYear > 1980');
    const tokens = await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } }) as { data: number[] };
    assert.ok(tokens.data.length >= 5 * 5, 'one 5-number group per token');
  });

  it('completes and hovers PQL inside an AEP definition, through JSON escapes', async () => {
    const uri = 'file:///work/d.aep.json';
    // The expression holds an escaped quote before the cursor: offsets must map through it.
    const fixture = marked('{"name":"x","schema":{"name":"_xdm.context.profile"},"expression":{"type":"PQL","format":"pql/text","value":"homeAddress.countryCode = \\"US\\" and person.name.firstName.|"}}');
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'json', version: 1, text: fixture.text } });
    const items = await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: positionAt(fixture.text, fixture.cursor!) }) as CompletionItem[];
    const startsWith = items.find((i) => i.label === 'startsWith');
    assert.ok(startsWith, items.map((i) => i.label).join());
    assert.equal(startsWith.textEdit?.range.start.character, fixture.cursor, 'the edit starts at the cursor in the JSON document');
    assert.ok(!startsWith.textEdit?.newText.includes('"') || startsWith.textEdit?.newText.includes('\\"'), 'quotes inserted into a JSON string are escaped');

    const hoverAt = fixture.text.indexOf('countryCode') + 3;
    const hover = await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: positionAt(fixture.text, hoverAt) }) as { contents: { value: string }; range: { start: { character: number }; end: { character: number } } } | null;
    assert.ok(hover && /countryCode/.test(hover.contents.value), JSON.stringify(hover));
    assert.equal(fixture.text.slice(hover.range.start.character, hover.range.end.character), 'countryCode');
  });
});
