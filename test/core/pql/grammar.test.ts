// The TextMate grammars, tokenised with vscode-textmate + vscode-oniguruma as VS Code does.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const root = join(__dirname, '..', '..', '..');
const files: Record<string, string> = {
  'source.pql': join(root, 'syntaxes', 'pql.tmLanguage.json'),
  'pql.injection.json': join(root, 'syntaxes', 'pql-injection.tmLanguage.json'),
  'source.json': join(__dirname, 'fixtures', 'JSON.tmLanguage.json'),
};

let registry: vsctm.Registry;

before(async () => {
  const wasm = readFileSync(join(root, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm')).buffer;
  await oniguruma.loadWASM(wasm);
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (p: string[]) => new oniguruma.OnigScanner(p), createOnigString: (s: string) => new oniguruma.OnigString(s) }),
    loadGrammar: async (scope) => (files[scope] ? vsctm.parseRawGrammar(readFileSync(files[scope], 'utf8'), files[scope]) : null),
    getInjections: (scope) => (scope === 'source.json' ? ['pql.injection.json'] : undefined),
  });
});

/** [text, scopes] of every token of one line. */
async function tokens(scope: string, line: string): Promise<[string, string[]][]> {
  const grammar = (await registry.loadGrammar(scope))!;
  const r = grammar.tokenizeLine(line, vsctm.INITIAL);
  return r.tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes]);
}

async function scopeOf(scope: string, line: string, text: string, nth = 0): Promise<string[]> {
  const ts = (await tokens(scope, line)).filter(([t]) => t.trim() === text);
  assert.ok(ts[nth], `no token "${text}" in ${JSON.stringify(await tokens(scope, line))}`);
  return ts[nth][1];
}

function has(scopes: string[], prefix: string) {
  assert.ok(scopes.some((s) => s.startsWith(prefix)), `${prefix} not in ${scopes.join(' ')}`);
}

describe('PQL TextMate grammar (source.pql)', () => {
  it('has the declared scope name and valid JSON', () => {
    assert.equal(JSON.parse(readFileSync(files['source.pql'], 'utf8')).scopeName, 'source.pql');
    const conf = JSON.parse(readFileSync(join(root, 'syntaxes', 'pql.language-configuration.json'), 'utf8'));
    assert.deepEqual(conf.brackets, [['(', ')'], ['[', ']'], ['{', '}']]);
    assert.ok(conf.autoClosingPairs.some((p: { open: string }) => p.open === '"'));
    assert.ok(new RegExp(conf.wordPattern).test('birthYear'));
  });

  it('colours keywords in any case, fields, methods, strings, numbers and operators', async () => {
    const line = 'homeAddress.countryCode = "US" AND person.name.firstName.startsWith("Jo", false) or person.birthYear >= 1985';
    has(await scopeOf('source.pql', line, 'AND'), 'keyword.operator.logical.pql');
    has(await scopeOf('source.pql', line, 'or'), 'keyword.operator.logical.pql');
    has(await scopeOf('source.pql', line, 'countryCode'), 'variable.other.property.pql');
    has(await scopeOf('source.pql', line, 'startsWith'), 'entity.name.function.member.pql');
    has(await scopeOf('source.pql', line, 'US'), 'string.quoted.double.pql');
    has(await scopeOf('source.pql', line, 'false'), 'constant.language.boolean.pql');
    has(await scopeOf('source.pql', line, '1985'), 'constant.numeric.pql');
    has(await scopeOf('source.pql', line, '>='), 'keyword.operator.comparison.pql');
  });

  it('colours chain steps, occurs phrases, quantifiers and xEvent', async () => {
    const line = 'CHAIN(xEvent, timestamp, [C0: WHAT(eventType = "x") WHEN(< 24 hours before now) COUNT(5)]) and exists E from xEvent where E.timestamp occurs last month';
    has(await scopeOf('source.pql', line, 'CHAIN'), 'support.function.pql');
    has(await scopeOf('source.pql', line, 'xEvent'), 'variable.language.xevent.pql');
    has(await scopeOf('source.pql', line, 'C0'), 'entity.name.label.pql');
    has(await scopeOf('source.pql', line, 'WHAT'), 'keyword.control.chain.pql');
    has(await scopeOf('source.pql', line, 'hours'), 'keyword.other.unit.pql');
    has(await scopeOf('source.pql', line, 'before'), 'keyword.other.occurs.pql');
    has(await scopeOf('source.pql', line, 'now'), 'constant.language.time.pql');
    has(await scopeOf('source.pql', line, 'exists'), 'keyword.control.quantifier.pql');
    has(await scopeOf('source.pql', line, 'occurs'), 'keyword.other.occurs.pql');
    has(await scopeOf('source.pql', line, 'month'), 'keyword.other.unit.pql');
  });

  it('marks escapes, backtick names, $1 and single-quoted strings', async () => {
    const line = 'emailAddress.regexGroup("@(\\\\w+)", 1) = $1.`service-payment-details` or x = \'no\'';
    has(await scopeOf('source.pql', line, '\\\\'), 'constant.character.escape.pql');
    has(await scopeOf('source.pql', line, '$1'), 'variable.language.parameter.pql');
    has(await scopeOf('source.pql', line, 'service-payment-details'), 'variable.other.quoted.pql');
    has(await scopeOf('source.pql', line, "'no'"), 'invalid.illegal.string.single.pql');
  });

  it('keywords after a dot are field names', async () => {
    has(await scopeOf('source.pql', 'person.from = 1', 'from'), 'variable.other.property.pql');
  });
});

describe('PQL injection grammar (pql.injection.json in source.json)', () => {
  it('colours PQL inside the value of a "value" key, with JSON-escaped strings', async () => {
    const line = '{"expression": {"type": "PQL", "format": "pql/text", "value": "workAddress.country = \\"US\\" and xEvent[eventType = \\"x\\"].count() > 0"}, "name": "x"}';
    has(await scopeOf('source.json', line, 'workAddress'), 'variable.other.readwrite.pql');
    has(await scopeOf('source.json', line, 'and'), 'keyword.operator.logical.pql');
    has(await scopeOf('source.json', line, 'count'), 'entity.name.function.member.pql');
    has(await scopeOf('source.json', line, 'US'), 'string.quoted.double.pql');
    has(await scopeOf('source.json', line, '0'), 'constant.numeric.pql');
    // The JSON around it is untouched: the next key is still a JSON key.
    has(await scopeOf('source.json', line, 'name'), 'support.type.property-name.json');
    for (const [, scopes] of await tokens('source.json', line)) assert.ok(!scopes.some((s) => s.startsWith('invalid')), scopes.join(' '));
  });

  it('leaves other string values alone', async () => {
    const scopes = await scopeOf('source.json', '{"name": "a and b"}', 'a and b');
    assert.ok(!scopes.some((s) => s.includes('pql')), scopes.join(' '));
  });
});
