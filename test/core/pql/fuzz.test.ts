// Hostile inputs never throw and stay fast: deletions, duplications, random bytes, deep nesting, 100,000 nested
// parentheses, a 1 MB line. Seeded, bounded (a few hundred cases); bench/pql-fuzz.ts runs many more.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PqlLanguageService } from '../../../server/src/language/pql';
import { fuzzCases } from './fuzzCases';

const LIMIT_MS = 2000;

describe('PQL fuzzing', () => {
  it('survives every case within the time limit', () => {
    const service = new PqlLanguageService();
    let n = 0;
    for (const c of fuzzCases(300, 20261123)) {
      const t0 = performance.now();
      try {
        const ds = service.validate(c.text);
        const offsets = [0, c.text.length >> 1, c.text.length];
        for (const o of offsets) { service.complete(c.text, o); service.hover(c.text, o); service.signatureHelp(c.text, o); }
        service.format(c.text);
        service.semanticTokens(c.text);
        for (const d of ds) assert.ok(d.range.start >= 0 && d.range.end <= c.text.length && d.range.start <= d.range.end, `${c.name}: bad range`);
      } catch (e) {
        assert.fail(`${c.name} threw ${(e as Error).stack}\ninput: ${JSON.stringify(c.text.slice(0, 200))}`);
      }
      const ms = performance.now() - t0;
      assert.ok(ms < LIMIT_MS, `${c.name} took ${ms.toFixed(0)} ms`);
      n++;
    }
    assert.ok(n >= 300);
  });

  it('reports deep nesting once and still parses the rest', () => {
    const service = new PqlLanguageService();
    const text = '('.repeat(100_000) + 'a' + ')'.repeat(100_000) + ' and person.birthYear.startsWith("1")';
    const ds = service.validate(text);
    assert.equal(ds.filter((d) => d.code === 'pql/too-deep').length, 1);
    assert.equal(ds.filter((d) => d.code === 'pql/type').length, 1, JSON.stringify(ds.map((d) => d.message)));
  });
});
