import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJsonString, toDecodedOffset, toDocumentRange } from '../../../server/src/language/json/jsonStringMap';

describe('JSON string offset map', () => {
  it('maps through \\" \\\\ and \\u escapes', () => {
    const doc = '{"value": "a = \\"U\\u0053\\" and b\\\\c"}';
    const start = doc.indexOf('"a');
    const end = doc.lastIndexOf('"') + 1;
    const decoded = decodeJsonString(doc, start, end - start);
    assert.equal(decoded.text, 'a = "US" and b\\c');
    const us = decoded.text.indexOf('US');
    const range = toDocumentRange(decoded, { start: us, end: us + 2 });
    assert.equal(doc.slice(range.start, range.end), 'U\\u0053');
    const quoted = toDocumentRange(decoded, { start: us - 1, end: us + 3 });
    assert.equal(doc.slice(quoted.start, quoted.end), '\\"U\\u0053\\"');
    assert.equal(toDecodedOffset(decoded, doc.indexOf('and')), decoded.text.indexOf('and'));
    const b = decoded.text.indexOf('b\\c');
    assert.equal(doc.slice(...Object.values(toDocumentRange(decoded, { start: b, end: b + 3 })) as [number, number]), 'b\\\\c');
  });
});
