// Every choice this PQL implementation makes where Adobe leaves the grammar open, kept in ONE place so that each can
// change without hunting through the lexer, parser, checker and formatter. Each entry says what Adobe documents and
// what we decided. Source ids (S-OV, S-KIRBY, ...) refer to shared/reference/pql-reference.md.

// ---------------------------------------------------------------------------------------------------------------
// Operator precedence. Adobe documents none (S-KIRBY: "the natural priority of the operators"). We follow the
// conventional order the reference suggests, loosest first:
//   `=>` / `let ... in` / quantifiers (`exists`, `forall`, `some`, `select`, `sum ... over`)  — extend to the right
//   or < and < comparisons (= != < <= > >= in notIn like occurs) < + - < * / % < prefix not ! - < postfix . () []
// All binary levels are left-associative. `not x = y` therefore reads `(not x) = y`, as in C-like languages: the
// checker's message for a non-Boolean `not` operand tells the user to write `not (x = y)`.
// ---------------------------------------------------------------------------------------------------------------
export const BINARY_LEVELS: readonly (readonly string[])[] = [
  ['or'],
  ['and'],
  ['=', '!=', '<', '<=', '>', '>=', 'in', 'notin', 'like', 'occurs'],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Human names of the levels, used in hover and docs. */
export const BINARY_LEVEL_NAMES = ['disjunction', 'conjunction', 'comparison', 'additive', 'multiplicative'];

/** Prefix operators (bind tighter than every binary operator, looser than postfix `.`, calls and filters). */
export const PREFIX_OPERATORS: readonly string[] = ['not', '!', '-'];

// ---------------------------------------------------------------------------------------------------------------
// Keywords. Adobe's examples write keywords in either case (`and`/`AND`, `chain`/`CHAIN`, `from`/`FROM`), so keyword
// matching is case-insensitive; field names, variables and method names stay case-sensitive (XDM is).
// HARD keywords cannot start a field path (escape such a field with backticks: `select`); SOFT keywords are
// keywords only where their construct expects them (`between`, `on`, the relative-time words, the chain clause words)
// and plain names elsewhere. After a `.` every word is a member name, keyword or not.
// ---------------------------------------------------------------------------------------------------------------
export const HARD_KEYWORDS: ReadonlySet<string> = new Set([
  'and', 'or', 'not', 'in', 'notin', 'like', 'occurs', 'exists', 'forall', 'select', 'from', 'where', 'let',
  'true', 'false',
]);

/** Literal time anchors, usable after `occurs`, in `WHEN(...)`, and as date-time values elsewhere. */
export const TIME_ANCHORS: readonly string[] = ['now', 'today', 'yesterday', 'tomorrow'];
/** `this` / `last` / `next` + a unit (`last month`). AJO reserves these three words (S-AJO). */
export const RELATIVE_WORDS: readonly string[] = ['this', 'last', 'next'];
export const DIRECTIONS: readonly string[] = ['before', 'after', 'from'];
export const OCCURS_COMPARISONS: readonly string[] = ['=', '!=', '<', '<=', '>', '>='];
/** Time units, singular and plural (S-OV, S-DT). Singular/plural are interchangeable: `1 days` is accepted. */
export const TIME_UNITS: readonly string[] = [
  'millisecond', 'milliseconds', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days',
  'week', 'weeks', 'month', 'months', 'year', 'years', 'decade', 'decades', 'century', 'centuries',
  'millennium', 'millennia',
];
/** Quantifier keywords: `exists`/`forall` (S-QNT), `some` (S-XDMER text form), `select` (S-OV, S-KIRBY). */
export const QUANTIFIERS: readonly string[] = ['exists', 'forall', 'some', 'select'];
/** Aggregates that also have the `sum X.a over X from arr where cond` form (S-MISC shows `sum`; we allow all five). */
export const OVER_AGGREGATES: readonly string[] = ['sum', 'average', 'min', 'max', 'count'];
/** Clause words inside a `chain(...)` item, matched case-insensitively, printed upper-case. */
export const CHAIN_CLAUSES: readonly string[] = ['WHAT', 'WHEN', 'COUNT', 'WHERE'];
/** Function names the reference lists among the keywords (S-OV 2.5): matched case-insensitively (`CHAIN`). Every
 * other function and method name is case-sensitive. */
export const KEYWORD_FUNCTIONS: readonly string[] = ['chain', 'if', 'date', 'insegment'];
/** The array of a profile's ExperienceEvents (S-OV). A case-sensitive reserved name. */
export const EVENTS_NAME = 'xEvent';

/** Canonical spelling the formatter writes for keywords: lower case, as the AEP reference pages write them, except
 * the entries below; the chain clause words WHAT/WHEN/COUNT/WHERE are written upper case as in every Adobe example. */
export const KEYWORD_CANONICAL: Readonly<Record<string, string>> = { notin: 'notIn' };
/** Keyword functions are written as the catalogue names them (`CHAIN(` becomes `chain(`, `INSEGMENT(` `inSegment(`). */

// ---------------------------------------------------------------------------------------------------------------
// Strings. Only double-quoted strings are documented. Escapes: `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`,
// `\uXXXX` (the JSON set, since PQL text travels in JSON). Any other escape such as `\w` is a WARNING (`pql/escape`):
// Adobe requires regexes to double the backslash (`"@(\\w+)"`, S-STR) and says a single unescaped backslash is not
// supported (S-AJO). Single-quoted strings are an ERROR with a quick fix to double quotes. Strings end at a line
// break: an unterminated string is reported from its quote to the end of its line.
// ---------------------------------------------------------------------------------------------------------------
export const STRING_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t',
};

// ---------------------------------------------------------------------------------------------------------------
// Names. Identifiers are [A-Za-z_][A-Za-z0-9_]* (plus Unicode letters). A name that is a hard keyword, contains
// other characters (the XDM field `service-payment-details`) or starts with a digit is written in backticks:
// `service-payment-details`. Inside backticks every character except a backtick and a line break is allowed; there
// is no escape. Variables follow the JSON AST's `^[_A-Za-z0-9]+$` (S-XDMFE). Positional parameters: `$1`, `$2`, ...
// ---------------------------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------------------------
// Comments: Adobe documents none, and the Segmentation API would reject them, so PQL here has no comment syntax.
// `//` and `/*` get a clear `pql/syntax` error instead of a puzzling "expected an expression".
// ---------------------------------------------------------------------------------------------------------------
export const COMMENT_SYNTAX: null | { line: string } = null;

// ---------------------------------------------------------------------------------------------------------------
// Robustness limits.
// ---------------------------------------------------------------------------------------------------------------
/** Deepest nesting of brackets, prefix operators and nested forms before the parser gives up on the inner part
 * with `pql/too-deep`. Real expressions stay far below; it keeps recursion bounded on 100,000 nested parentheses. */
export const MAX_NESTING = 200;
/** At most this many diagnostics are reported for one text. */
export const MAX_DIAGNOSTICS = 200;

// ---------------------------------------------------------------------------------------------------------------
// Formatting (canonical layout): one space around infix operators and `=>`, one after `,` and `:`, none inside
// brackets, none between a function or method name and `(` (`if (` becomes `if(`), a space after `not` and none
// after `!` or unary `-`; keywords in the canonical spelling above; string, number and backtick-name tokens are
// copied verbatim. An expression whose one-line form is longer than FORMAT_LINE_WIDTH is broken before each
// top-level `and` / `or` (the operator starts the new line, indented by FORMAT_INDENT). Text with syntax errors is
// not formatted. The layout is idempotent.
// ---------------------------------------------------------------------------------------------------------------
export const FORMAT_LINE_WIDTH = 100;
export const FORMAT_INDENT = '  ';

/** Whether `word` (any case) is a hard keyword. */
export function isHardKeyword(word: string): boolean {
  return HARD_KEYWORDS.has(word.toLowerCase());
}
