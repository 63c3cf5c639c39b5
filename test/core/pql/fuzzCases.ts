// Seeded generators of hostile PQL inputs, shared by the fuzz test and bench/pql-fuzz.ts.
import { mulberry32 } from '../../../emulator/src/util/prng';
import { loadExamples } from './support';

/** A seeded PRNG (mulberry32, shared with the emulator) so that every run, and every failure, repeats. */
export const prng = mulberry32;

const PIECES = ['(', ')', '[', ']', '{', '}', '"', "'", '`', '.', ',', ':', '^', '$1', '=>', ' and ', ' or ', ' not ', ' occurs ', ' between ',
  ' before ', ' last ', ' days ', ' from ', ' where ', ' select ', ' exists ', ' let ', ' in ', 'chain(', 'WHAT(', 'WHEN(', 'COUNT(', '\\', '\n', '!', '-', '<', '>=', '=', '==', '&&', '#', '\u00e9', '\ud83d\ude00', '\ud800'];

export interface FuzzCase { name: string; text: string }

export function* fuzzCases(count: number, seed = 1): Generator<FuzzCase> {
  const rnd = prng(seed);
  const examples = loadExamples().map((e) => e.expression);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  // Fixed hostile inputs first.
  yield { name: '100,000 nested parentheses', text: '('.repeat(100_000) + 'a' + ')'.repeat(100_000) };
  yield { name: '100,000 unclosed parentheses', text: '('.repeat(100_000) };
  yield { name: '100,000 closers', text: ')'.repeat(100_000) };
  yield { name: '100,000 nots', text: 'not '.repeat(100_000) + 'a' };
  yield { name: '100,000 nested filters', text: 'a['.repeat(100_000) };
  yield { name: '50,000 nested calls', text: 'f('.repeat(50_000) + ')'.repeat(50_000) };
  yield { name: 'a 1 MB line', text: ('person.gender = "f" and '.repeat(45_000) + 'true').slice(0, 1_048_576) };
  yield { name: 'a 1 MB string', text: '"' + 'x'.repeat(1_048_576) };
  yield { name: 'a 1 MB word', text: 'a'.repeat(1_048_576) };
  yield { name: '1 MB of dots', text: '.'.repeat(1_048_576) };
  yield { name: 'deep lets', text: 'let a = 1 in '.repeat(20_000) + 'a' };
  yield { name: 'deep quantifiers', text: 'exists X from xEvent where '.repeat(20_000) + 'true' };
  yield { name: 'deep lambdas', text: 'x => '.repeat(50_000) + 'x' };
  for (let i = 0; i < count; i++) {
    const base = pick(examples);
    const mode = i % 6;
    let text = base;
    if (mode === 0) { // deletions
      for (let k = 0; k < 1 + rnd() * 4; k++) { const p = Math.floor(rnd() * text.length); text = text.slice(0, p) + text.slice(p + 1 + Math.floor(rnd() * 5)); }
    } else if (mode === 1) { // duplications
      const p = Math.floor(rnd() * text.length); const q = p + Math.floor(rnd() * 20);
      text = text.slice(0, q) + text.slice(p, q).repeat(1 + Math.floor(rnd() * 50)) + text.slice(q);
    } else if (mode === 2) { // random bytes
      const bytes = Array.from({ length: 1 + Math.floor(rnd() * 200) }, () => String.fromCharCode(Math.floor(rnd() * 0x3000)));
      const p = Math.floor(rnd() * text.length);
      text = text.slice(0, p) + bytes.join('') + text.slice(p);
    } else if (mode === 3) { // insert pieces
      for (let k = 0; k < 1 + rnd() * 6; k++) { const p = Math.floor(rnd() * text.length); text = text.slice(0, p) + pick(PIECES) + text.slice(p); }
    } else if (mode === 4) { // deep nesting around an example
      const d = Math.floor(rnd() * 3000);
      text = '('.repeat(d) + text + ')'.repeat(Math.floor(rnd() * d));
    } else { // splice two examples
      const other = pick(examples);
      text = base.slice(0, Math.floor(rnd() * base.length)) + other.slice(Math.floor(rnd() * other.length));
    }
    yield { name: `mutation ${i} (mode ${mode})`, text };
  }
}
