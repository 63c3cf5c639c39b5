// A light well-formedness check of PQL, enough for the emulator to refuse what AEP would certainly refuse: unclosed
// string literals and unbalanced brackets (e.g. the documented typo `inSegment("7deb...) and ...`). Full PQL
// parsing is the language core's job, not the emulator's.

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const MAX_PQL_LENGTH = 200_000;

export function pqlTextProblem(text: string): string | undefined {
  if (text.trim() === '') return 'The PQL expression is empty.';
  if (text.length > MAX_PQL_LENGTH) return `The PQL expression is longer than ${MAX_PQL_LENGTH} characters.`;
  const open: { char: string; at: number }[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '"' || char === '`') {
      const start = i;
      i++;
      while (i < text.length && text[i] !== char) i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) return `Unterminated ${char === '"' ? 'string literal' : 'quoted name'} starting at offset ${start}.`;
    } else if (CLOSERS[char]) {
      open.push({ char, at: i });
    } else if (char === ')' || char === ']' || char === '}') {
      const last = open.pop();
      if (!last || CLOSERS[last.char] !== char) return `Unexpected '${char}' at offset ${i}.`;
    }
    i++;
  }
  const unclosed = open.pop();
  return unclosed ? `'${unclosed.char}' at offset ${unclosed.at} is never closed.` : undefined;
}

export function pqlJsonProblem(text: string): string | undefined {
  try {
    const tree = JSON.parse(text) as unknown;
    if (typeof tree !== 'object' || tree === null || typeof (tree as { nodeType?: unknown }).nodeType !== 'string') {
      return 'A pql/json expression must be a JSON object with a nodeType.';
    }
    return undefined;
  } catch (error) {
    return `The pql/json expression is not valid JSON: ${(error as Error).message}`;
  }
}

export function expressionProblem(format: string, value: string): string | undefined {
  return format === 'pql/json' ? pqlJsonProblem(value) : pqlTextProblem(value);
}
