// Shared set-up for the JSON-kind core tests: one service, marker fixtures, diagnostics by range.
import { SegmentLanguageService } from '../../../server/src/language/segmentLanguageService';
import type { DocumentKind } from '../../../server/src/language/documentKind';
import { marked } from '../../support/markers';

export const service = new SegmentLanguageService();

export function analyse(kind: DocumentKind, source: string) {
  const fixture = marked(source);
  const doc = { path: `test.${kind === 'pql' ? 'pql' : `${kind}.json`}`, text: fixture.text, kind };
  return {
    ...fixture,
    doc,
    diagnostics: () => service.validate(doc),
    completions: () => service.complete(doc, fixture.cursor!),
    labels: () => service.complete(doc, fixture.cursor!).map((c) => c.label),
    hover: () => service.hover(doc, fixture.cursor!),
  };
}
