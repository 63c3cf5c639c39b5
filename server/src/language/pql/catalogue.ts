// THE table of every documented PQL function, method, operator and keyword form. Validation (names, arity, argument
// and receiver types, result types), completion, hover and signature help all read this table; nothing about a
// function is written anywhere else. `ref` is the row number in shared/reference/pql-reference.md (sections 3 and
// 3.1, rows 1-74); entries with ref 0 are keywords of the special grammars (section 4) that have no row of their own.

/** Where a method may be called. `collection` = array or map. Objects and unknown receivers are always accepted
 * (Adobe's own examples call array methods on XDM objects, e.g. `person.filter(age >= 21)`). */
export type ReceiverKind = 'string' | 'array' | 'map' | 'collection' | 'date' | 'any';

/** Parameter types. `element` / `condition` are evaluated once per element of the receiver, so bare field names in
 * them are fields of the element (`orders.sum(order.price)`, `xEvent[eventType = "x"]`). */
export type ParamType =
  | 'boolean' | 'string' | 'integer' | 'number' | 'array' | 'any'
  | 'element' | 'condition' | 'lambda' | 'element-or-lambda' | 'condition-or-lambda';

export interface ParamSpec {
  name: string;
  type: ParamType;
  optional?: boolean;
  /**
   * Where Adobe's sources disagree on whether the argument is needed: the majority form requires it, the minority
   * form (quoted here) leaves it out, so leaving it out is a warning rather than an error.
   */
  omittedBy?: string;
  doc: string;
}

/** How the result type is computed (see checker.resultType). */
export type ResultRule =
  | 'boolean' | 'integer' | 'number' | 'string' | 'date' | 'date-time' | 'any'
  | 'receiver' | 'element' | 'group-by' | 'map-keys' | 'map-values' | 'map-value' | 'mapped' | 'if' | 'entry'
  | 'aggregate' | 'arithmetic' | 'negate' | 'array-literal' | 'object-literal';

export type EntryForm = 'infix' | 'prefix' | 'method' | 'function' | 'keyword' | 'postfix' | 'literal';

export type Category =
  | 'boolean' | 'comparison' | 'array' | 'map' | 'string' | 'object' | 'arithmetic' | 'aggregation' | 'date'
  | 'filter' | 'quantifier' | 'misc' | 'segment' | 'time' | 'chain' | 'literal';

export interface CatalogueEntry {
  /** What the user writes: the function/method name, the operator or the keyword. */
  name: string;
  /** Other spellings of the same entry (`!` for `not`). */
  aliases?: string[];
  form: EntryForm;
  category: Category;
  receiver?: ReceiverKind;
  params: ParamSpec[];
  result: ResultRule;
  description: string;
  example: string;
  /** Source id from the reference (S-STR, S-DT, ...). */
  source: string;
  /** Row in the reference's tables (1-74), 0 for keywords without a row. */
  ref: number;
  /** Matched case-insensitively (keyword functions such as `CHAIN`). */
  caseInsensitive?: boolean;
}

const p = (name: string, type: ParamType, doc: string, optional = false): ParamSpec => (optional ? { name, type, doc, optional } : { name, type, doc });
const CASE = p('caseSensitive', 'boolean', 'true (default) compares case-sensitively; false ignores case', true);
const VALUE = p('value', 'element', 'expression evaluated for each element (default: the element itself)', true);
const L = p('left', 'any', 'left operand');
const R = p('right', 'any', 'right operand');
const NL = p('left', 'number', 'number');
const NR = p('right', 'number', 'number');
const BL = p('left', 'boolean', 'condition');
const BR = p('right', 'boolean', 'condition');

export const CATALOGUE: readonly CatalogueEntry[] = [
  // --- Boolean (S-BOOL) ---
  { ref: 1, name: 'and', form: 'infix', category: 'boolean', params: [BL, BR], result: 'boolean', source: 'S-BOOL', description: 'Logical conjunction: true when both conditions are true.', example: 'homeAddress.countryISO = "CA" and person.birthYear = 1985' },
  { ref: 2, name: 'or', form: 'infix', category: 'boolean', params: [BL, BR], result: 'boolean', source: 'S-BOOL', description: 'Logical disjunction: true when either condition is true.', example: 'homeAddress.countryISO = "CA" or person.birthYear = 1985' },
  { ref: 3, name: 'not', aliases: ['!'], form: 'prefix', category: 'boolean', params: [p('condition', 'boolean', 'the condition to negate')], result: 'boolean', source: 'S-BOOL', description: 'Logical negation. Parenthesise the condition: `not (a = b)` (written `!(a = b)` too).', example: 'not (homeAddress.countryISO = "CA")' },
  { ref: 4, name: 'if', form: 'function', category: 'boolean', caseInsensitive: true, params: [p('test', 'boolean', 'the condition'), p('whenTrue', 'any', 'value when the condition holds'), p('whenFalse', 'any', 'value otherwise')], result: 'if', source: 'S-BOOL', description: 'Conditional value: `whenTrue` if the test holds, else `whenFalse`. A value, not a condition (computed attributes).', example: 'if (homeAddress.countryISO = "CA", 1, 2)' },
  // --- Comparison (S-CMP) ---
  { ref: 5, name: '=', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Equality (case-sensitive on strings). False when either side is null; the right side is coerced to the left side\'s type.', example: 'homeAddress.countryISO = "CA"' },
  { ref: 6, name: '!=', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Inequality. False when either side is null.', example: 'homeAddress.countryISO != "CA"' },
  { ref: 7, name: '>', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Greater than.', example: 'person.birthMonth > 2' },
  { ref: 8, name: '>=', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Greater than or equal.', example: 'person.birthMonth >= 3' },
  { ref: 9, name: '<', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Less than.', example: 'person.birthMonth < 2' },
  { ref: 10, name: '<=', form: 'infix', category: 'comparison', params: [L, R], result: 'boolean', source: 'S-CMP', description: 'Less than or equal.', example: 'person.birthMonth <= 2' },
  // --- Arrays, lists and sets (S-ARR) ---
  { ref: 11, name: 'in', form: 'infix', category: 'array', params: [p('value', 'any', 'the value'), p('list', 'array', 'the array to look in')], result: 'boolean', source: 'S-ARR', description: 'Membership: the value is one of the array\'s elements.', example: 'person.birthMonth in [3, 6, 9]' },
  { ref: 12, name: 'notIn', form: 'infix', category: 'array', params: [p('value', 'any', 'the value'), p('list', 'array', 'the array')], result: 'boolean', source: 'S-ARR', description: 'Non-membership. Also requires both values to be non-null, so it is not the exact negation of `in`.', example: 'person.birthMonth notIn [3, 6, 9]' },
  { ref: 13, name: 'intersects', form: 'method', receiver: 'array', category: 'array', params: [p('other', 'array', 'the other array')], result: 'boolean', source: 'S-ARR', description: 'True when the two arrays have at least one element in common.', example: 'person.favoriteColors.intersects(["red", "blue", "green"])' },
  { ref: 14, name: 'intersection', form: 'method', receiver: 'array', category: 'array', params: [p('other', 'array', 'the other array')], result: 'receiver', source: 'S-ARR', description: 'The elements the two arrays have in common.', example: 'person1.favoriteColors.intersection(person2.favoriteColors) = ["red", "blue", "green"]' },
  { ref: 15, name: 'subsetOf', form: 'method', receiver: 'array', category: 'array', params: [p('other', 'array', 'the containing array')], result: 'boolean', source: 'S-ARR', description: 'True when every element of this array is in the other array.', example: 'person.favoriteCities.subsetOf(person.visitedCities)' },
  { ref: 16, name: 'supersetOf', form: 'method', receiver: 'array', category: 'array', params: [p('other', 'array', 'the contained array')], result: 'boolean', source: 'S-ARR', description: 'True when this array contains every element of the other array.', example: 'person.eatenFoods.supersetOf(["sushi", "pizza"])' },
  { ref: 17, name: 'includes', form: 'method', receiver: 'array', category: 'array', params: [p('item', 'any', 'the element to look for')], result: 'boolean', source: 'S-ARR', description: 'True when the array contains the item.', example: 'person.favoriteColors.includes("red")' },
  { ref: 18, name: 'distinct', form: 'method', receiver: 'array', category: 'array', params: [], result: 'receiver', source: 'S-ARR', description: 'The array without duplicate elements.', example: 'person.orders.storeId.distinct().count() > 1' },
  { ref: 19, name: 'groupBy', form: 'method', receiver: 'array', category: 'array', params: [p('key', 'element', 'key expression evaluated for each element')], result: 'group-by', source: 'S-ARR, S-CA', description: 'Partitions the array into a map from each key to the elements having that key.', example: 'orders.groupBy(storeId)' },
  { ref: 20, name: 'filter', form: 'method', receiver: 'array', category: 'array', params: [p('condition', 'condition-or-lambda', 'condition evaluated for each element')], result: 'receiver', source: 'S-ARR', description: 'The elements for which the condition holds (like `array[condition]`).', example: 'person.filter(age >= 21)' },
  { ref: 21, name: 'map', form: 'method', receiver: 'collection', category: 'array', params: [p('transform', 'element-or-lambda', 'expression or lambda applied to each element; on a map, a lambda (K, G) => ... over keys and values')], result: 'mapped', source: 'S-ARR, S-CA', description: 'Transforms each element. On a map (e.g. the result of groupBy) a lambda `(K, G) => mapEntry(K, ...)` builds a new map.', example: 'numbers.map(square)' },
  { ref: 22, name: 'topN', form: 'method', receiver: 'array', category: 'array', params: [p('sortBy', 'element', 'numeric expression evaluated for each element'), p('n', 'integer', 'how many elements')], result: 'receiver', source: 'S-ARR', description: 'The first N elements ordered by the expression (Adobe\'s text says ascending, its example says highest).', example: 'orders.topN(price, 5)' },
  { ref: 23, name: 'bottomN', form: 'method', receiver: 'array', category: 'array', params: [p('sortBy', 'element', 'numeric expression evaluated for each element'), p('n', 'integer', 'how many elements')], result: 'receiver', source: 'S-ARR', description: 'The last N elements ordered by the expression.', example: 'orders.bottomN(price, 5)' },
  { ref: 24, name: 'head', form: 'method', receiver: 'array', category: 'array', params: [], result: 'element', source: 'S-ARR', description: 'The first element of the array.', example: 'orders.topN(price, 5).head()' },
  // --- Maps (S-MAP) ---
  { ref: 25, name: 'get', form: 'method', receiver: 'map', category: 'map', params: [p('key', 'string', 'the key')], result: 'map-value', source: 'S-MAP', description: 'The value stored under the key.', example: 'identityMap.get("example@example.com")' },
  { ref: 26, name: 'keys', form: 'method', receiver: 'map', category: 'map', params: [], result: 'map-keys', source: 'S-MAP', description: 'The map\'s keys as an array.', example: 'identityMap.keys()' },
  { ref: 27, name: 'values', form: 'method', receiver: 'map', category: 'map', params: [], result: 'map-values', source: 'S-MAP', description: 'The map\'s values as an array.', example: 'identityMap.values()' },
  // --- Strings (S-STR, S-KIRBY) ---
  { ref: 28, name: 'like', form: 'infix', category: 'string', params: [p('text', 'string', 'the string'), p('pattern', 'string', 'SQL-like pattern: % any run of characters, _ exactly one')], result: 'boolean', source: 'S-STR', description: 'SQL-like pattern match: `%` matches zero or more characters, `_` exactly one.', example: 'city like "%es%"' },
  { ref: 29, name: 'startsWith', form: 'method', receiver: 'string', category: 'string', params: [p('prefix', 'string', 'the prefix'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string starts with the prefix.', example: 'person.name.startsWith("Joe")' },
  { ref: 30, name: 'doesNotStartWith', form: 'method', receiver: 'string', category: 'string', params: [p('prefix', 'string', 'the prefix'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string does not start with the prefix (false on an undefined property).', example: 'person.name.doesNotStartWith("Joe")' },
  { ref: 31, name: 'endsWith', form: 'method', receiver: 'string', category: 'string', params: [p('suffix', 'string', 'the suffix'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string ends with the suffix.', example: 'person.emailAddress.endsWith(".com")' },
  { ref: 32, name: 'doesNotEndWith', form: 'method', receiver: 'string', category: 'string', params: [p('suffix', 'string', 'the suffix'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string does not end with the suffix.', example: 'person.emailAddress.doesNotEndWith(".com")' },
  { ref: 33, name: 'contains', form: 'method', receiver: 'string', category: 'string', params: [p('substring', 'string', 'the text to find'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string contains the substring.', example: 'person.emailAddress.contains("2010@gm")' },
  { ref: 34, name: 'doesNotContain', form: 'method', receiver: 'string', category: 'string', params: [p('substring', 'string', 'the text'), CASE], result: 'boolean', source: 'S-STR', description: 'True when the string does not contain the substring.', example: 'person.emailAddress.doesNotContain("2010@gm")' },
  { ref: 35, name: 'equals', form: 'method', receiver: 'string', category: 'string', params: [p('other', 'string', 'the string to compare with'), CASE], result: 'boolean', source: 'S-STR, S-KIRBY, S-STRM', description: 'String equality; pass false as the second argument to ignore case.', example: 'person.name.equals("John")' },
  { ref: 36, name: 'notEqualTo', form: 'method', receiver: 'string', category: 'string', params: [p('other', 'string', 'the string to compare with'), CASE], result: 'boolean', source: 'S-STR, S-KIRBY', description: 'String inequality; pass false as the second argument to ignore case.', example: 'person.name.notEqualTo("John")' },
  { ref: 37, name: 'matches', form: 'method', receiver: 'string', category: 'string', params: [p('regex', 'string', 'Java regular expression (java.util.regex.Pattern); (?i) ignores case; double each backslash: "\\\\d"')], result: 'boolean', source: 'S-STR', description: 'True when the string matches the regular expression.', example: 'person.name.matches("(?i)^John")' },
  { ref: 38, name: 'regexGroup', form: 'method', receiver: 'string', category: 'string', params: [p('regex', 'string', 'Java regular expression with groups; double each backslash'), { ...p('group', 'integer', 'the group number'), omittedBy: 'the format line of Adobe\'s string-functions page (its example and the other sources pass a group number)' }], result: 'string', source: 'S-STR', description: 'The text captured by a group of the regular expression.', example: 'emailAddress.regexGroup("@(\\\\w+)", 1)' },
  // --- Objects (S-OBJ) ---
  { ref: 39, name: 'isNull', form: 'method', receiver: 'any', category: 'object', params: [], result: 'boolean', source: 'S-OBJ', description: 'True when the reference does not exist.', example: 'person.homeAddress.isNull()' },
  { ref: 40, name: 'isNotNull', form: 'method', receiver: 'any', category: 'object', params: [], result: 'boolean', source: 'S-OBJ', description: 'True when the reference exists.', example: 'person.homeAddress.isNotNull()' },
  // --- Arithmetic (S-ARI) ---
  { ref: 41, name: '+', form: 'infix', category: 'arithmetic', params: [NL, NR], result: 'arithmetic', source: 'S-ARI', description: 'Addition.', example: 'product1.price + product2.price' },
  { ref: 42, name: '*', form: 'infix', category: 'arithmetic', params: [NL, NR], result: 'arithmetic', source: 'S-ARI', description: 'Multiplication.', example: 'product.inventory * product.price' },
  { ref: 43, name: '-', form: 'infix', category: 'arithmetic', params: [NL, NR], result: 'arithmetic', source: 'S-ARI', description: 'Subtraction (as a prefix: negation, `-5`).', example: 'product1.price - product2.price' },
  { ref: 44, name: '/', form: 'infix', category: 'arithmetic', params: [NL, NR], result: 'arithmetic', source: 'S-ARI', description: 'Division.', example: 'totalProduct.price / totalProduct.sold' },
  { ref: 45, name: '%', form: 'infix', category: 'arithmetic', params: [NL, NR], result: 'arithmetic', source: 'S-ARI', description: 'Remainder of the division.', example: 'person.age % 5 = 0' },
  // --- Aggregation (S-AGG) ---
  { ref: 46, name: 'count', form: 'method', receiver: 'collection', category: 'aggregation', params: [VALUE], result: 'integer', source: 'S-AGG', description: 'The number of elements.', example: 'orders.count()' },
  { ref: 47, name: 'sum', form: 'method', receiver: 'array', category: 'aggregation', params: [VALUE], result: 'aggregate', source: 'S-AGG', description: 'The sum of the values (of the expression, evaluated for each element).', example: 'orders.sum(order.price)' },
  { ref: 48, name: 'average', form: 'method', receiver: 'array', category: 'aggregation', params: [VALUE], result: 'number', source: 'S-AGG', description: 'The arithmetic mean of the values.', example: 'orders.average(order.price)' },
  { ref: 49, name: 'min', form: 'method', receiver: 'array', category: 'aggregation', params: [VALUE], result: 'aggregate', source: 'S-AGG', description: 'The smallest value.', example: 'orders.min(order.price)' },
  { ref: 50, name: 'max', form: 'method', receiver: 'array', category: 'aggregation', params: [VALUE], result: 'aggregate', source: 'S-AGG', description: 'The largest value.', example: 'orders.max(order.price)' },
  // --- Dates and times (S-DT) ---
  { ref: 51, name: 'currentMonth', form: 'function', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The current month (1-12).', example: 'person.birthMonth = currentMonth()' },
  { ref: 52, name: 'getMonth', form: 'method', receiver: 'date', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The month of a timestamp (1-12).', example: 'person.birthdate.getMonth() = 6' },
  { ref: 53, name: 'currentYear', form: 'function', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The current year.', example: 'product.saleYear = currentYear()' },
  { ref: 54, name: 'getYear', form: 'method', receiver: 'date', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The year of a timestamp.', example: 'person.birthday.getYear() in [1991, 1992, 1993, 1994, 1995]' },
  { ref: 55, name: 'currentDayOfMonth', form: 'function', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The current day of the month (1-31).', example: 'person.birthDay = currentDayOfMonth()' },
  { ref: 56, name: 'getDayOfMonth', form: 'method', receiver: 'date', category: 'date', params: [], result: 'integer', source: 'S-DT', description: 'The day of the month of a timestamp.', example: 'product.sale.getDayOfMonth() <= 15' },
  { ref: 57, name: 'occurs', form: 'keyword', category: 'time', params: [p('timestamp', 'any', 'a date or date-time')], result: 'boolean', source: 'S-DT, S-KIRBY', description: 'Compares a timestamp with a (relative) time: `occurs last month`, `occurs before today`, `occurs <= 3 days before now`, `occurs between date(2015, 1, 8) and date(2017, 7, 1)`, `occurs on date(2019, 12, 31)`.', example: 'product.saleDate occurs last week' },
  { ref: 58, name: 'now', form: 'literal', category: 'time', params: [], result: 'date-time', source: 'S-DT', description: 'The timestamp at which the query runs.', example: 'product.saleDate occurs = 3 hours before now' },
  { ref: 59, name: 'today', form: 'literal', category: 'time', params: [], result: 'date-time', source: 'S-DT', description: 'The start of the day on which the query runs.', example: 'person.birthday occurs = 3 days before today' },
  // --- Filters (S-FLT) ---
  { ref: 60, name: '[]', form: 'postfix', category: 'filter', params: [p('condition', 'condition', 'condition evaluated for each element')], result: 'receiver', source: 'S-FLT', description: 'Array filter: the elements for which the condition holds. Inside the brackets bare fields are the element\'s; filters nest.', example: 'xEvent[productListItems[SKU="PS"]]' },
  { ref: 61, name: '^', form: 'prefix', category: 'filter', params: [], result: 'any', source: 'S-FLT', description: 'Up-reference: the item of an enclosing filter, one `^` per level (`^.x` is the enclosing item\'s field, `^^.person.gender` two levels up).', example: 'xEvent[productListItems[SKU="PS" or ^^.person.gender="female"]]' },
  // --- Quantifiers (S-QNT) ---
  { ref: 62, name: 'exists', form: 'keyword', category: 'quantifier', params: [], result: 'boolean', source: 'S-QNT', description: 'True when at least one binding satisfies the condition: `exists V from array where cond` (`:` may replace `where`); more clauses after commas may use earlier variables.', example: 'exists E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS"' },
  { ref: 63, name: 'forall', form: 'keyword', category: 'quantifier', params: [], result: 'boolean', source: 'S-QNT', description: 'True when every binding satisfies the condition: `forall V from array where cond`.', example: 'forall E from xEvent where (E.commerce.item.price > 50), I from E.productListItems where I.SKU = "PS"' },
  { ref: 64, name: 'let', form: 'keyword', category: 'misc', params: [], result: 'any', source: 'S-MISC', description: 'Binds a sub-expression to a variable: `let V = expr in body`.', example: 'let S = (sum X.commerce.order.priceTotal over X from xEvent where X.commerce.order.currencyCode = "USD") in (S > 100 and S < 1000)' },
  // --- Section 3.1 ---
  { ref: 65, name: 'date', form: 'function', category: 'date', caseInsensitive: true, params: [p('year', 'integer', 'the year, e.g. 2020'), p('month', 'integer', 'the month, 1-12'), p('day', 'integer', 'the day of the month, 1-31')], result: 'date', source: 'S-OV, S-DT', description: 'A date from year, month and day.', example: 'product.saleDate occurs between date(2015, 1, 8) and date(2017, 7, 1)' },
  { ref: 66, name: 'select', form: 'keyword', category: 'quantifier', params: [], result: 'any', source: 'S-OV, S-KIRBY, S-EDGE', description: 'The bindings that satisfy the conditions: `select V from array [where cond], V2 from ... [where ...]`. Countable, and true as a condition when not empty.', example: 'select var1 from xEvent where var1._experience.analytics.endUser.firstWeb.webPageDetails.isHomePage = true' },
  { ref: 67, name: 'chain', form: 'function', category: 'chain', caseInsensitive: true, params: [p('events', 'array', 'the events, xEvent'), p('timestamp', 'element', 'the event field that orders the events: timestamp'), p('steps', 'any', 'the steps: [A: WHAT(cond) WHEN(time) COUNT(n) WHERE(cond), ...]')], result: 'boolean', source: 'S-EDGEAPI, S-STRM, S-CA', description: 'Ordered event sequence: true when the events contain the steps in order. Each step is `LABEL: WHAT(condition)` with optional `WHEN(< 7 days before now)`, `COUNT(n)` (at least n times) and `WHERE(condition)`.', example: 'chain(xEvent, timestamp, [A: WHAT(eventType = "homePageView") WHEN(< 24 hours before now) COUNT(5)])' },
  { ref: 68, name: 'inSegment', form: 'function', category: 'segment', caseInsensitive: true, params: [p('audienceId', 'string', 'the audience (segment definition) id, a UUID')], result: 'boolean', source: 'S-STRM, S-EDGE, S-EDGEAPI', description: 'True when the profile belongs to the other audience (segment of segments).', example: 'inSegment("e3be6d7f-1727-401f-a41e-c296b45f607a")' },
  { ref: 69, name: 'exists', form: 'method', receiver: 'array', category: 'array', params: [p('condition', 'condition-or-lambda', 'condition evaluated for each element')], result: 'boolean', source: 'S-EDGEAPI', description: 'True when at least one element satisfies the condition.', example: 'externalSegmentMapProperty.values().exists(stringProperty="active")' },
  { ref: 70, name: 'mapEntry', form: 'function', category: 'misc', params: [p('key', 'any', 'the key'), p('value', 'any', 'the value')], result: 'entry', source: 'S-CA', description: 'A map entry, for building a map with `.map((K, G) => mapEntry(K, ...))` (computed attributes).', example: 'groupBy(product).map((K, G) => mapEntry(K, G.count()))' },
  { ref: 71, name: '=>', form: 'infix', category: 'misc', params: [], result: 'any', source: 'S-OV, S-CA', description: 'Lambda: `(A, B) => expression`, an anonymous function argument; `(Profile) => ...` names the input.', example: 'map((K, G) => mapEntry(K, G.count()))' },
  { ref: 72, name: 'over', form: 'keyword', category: 'aggregation', params: [], result: 'number', source: 'S-MISC', description: 'Aggregation over a selection: `sum X.path over X from array where cond`.', example: 'sum X.commerce.order.priceTotal over X from xEvent where X.commerce.order.currencyCode = "USD"' },
  { ref: 73, name: 'some', form: 'keyword', category: 'quantifier', params: [], result: 'boolean', source: 'S-XDMER', description: 'Existential quantifier, same as exists: `some x FROM xEvent WHERE ...`.', example: 'some x FROM xEvent WHERE commerce.order.priceTotal > 1000 AND x.commerce.order.currencyCode = "USD"' },
  { ref: 74, name: '$1', form: 'literal', category: 'misc', params: [], result: 'any', source: 'S-OV', description: 'Positional input parameter: `$1` is the profile.', example: '$1.homeAddress.stateProvince = $1.homeAddress.stateProvince' },

  // --- Keywords of the special grammars (section 4), no row of their own ---
  { ref: 0, name: 'yesterday', form: 'literal', category: 'time', params: [], result: 'date-time', source: 'S-OV', description: 'The start of the day before the query runs.', example: 'timestamp occurs yesterday' },
  { ref: 0, name: 'tomorrow', form: 'literal', category: 'time', params: [], result: 'date-time', source: 'S-OV', description: 'The start of the day after the query runs.', example: 'timestamp occurs before tomorrow' },
  { ref: 0, name: 'this', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-OV', description: 'The current time unit: `this month`, `this year`.', example: 'timestamp occurs this month' },
  { ref: 0, name: 'last', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-OV', description: 'The previous time unit: `last month`, `last week`.', example: 'X.timestamp occurs last month' },
  { ref: 0, name: 'next', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-OV', description: 'The next time unit: `next week`.', example: 'timestamp occurs next week' },
  { ref: 0, name: 'before', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-DT', description: 'Direction: earlier than a time (`occurs before today`, `3 days before now`).', example: 'X.timestamp occurs before today' },
  { ref: 0, name: 'after', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-DT', description: 'Direction: later than a time (`occurs after date(2020, 1, 1)`).', example: 'timestamp occurs after date(2020, 1, 1)' },
  { ref: 0, name: 'between', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-DT', description: 'A time range: `occurs between T1 and T2`.', example: 'product.saleDate occurs between date(2015, 1, 8) and date(2017, 7, 1)' },
  { ref: 0, name: 'on', form: 'keyword', category: 'time', params: [], result: 'any', source: 'S-DT', description: 'Optional before a time: `occurs on date(2019, 12, 31)`.', example: 'timestamp occurs on date(2019,12,31)' },
  { ref: 0, name: 'from', form: 'keyword', category: 'quantifier', params: [], result: 'any', source: 'S-QNT', description: 'Names the array a variable ranges over (`X from xEvent`); after a time amount, a direction (`3 days from now`).', example: 'select X from xEvent where X.eventType = "x"' },
  { ref: 0, name: 'where', form: 'keyword', category: 'quantifier', params: [], result: 'any', source: 'S-QNT', description: 'The condition of a select / exists / forall clause (`:` may replace it).', example: 'exists E from xEvent where E.eventType = "x"' },
  { ref: 0, name: 'in', form: 'keyword', category: 'misc', params: [], result: 'any', source: 'S-MISC', description: 'After `let V = expr`: the expression that uses the variable.', example: 'let S = orders.count() in S > 2' },
  { ref: 0, name: 'true', form: 'literal', category: 'literal', params: [], result: 'boolean', source: 'S-OV', description: 'Boolean literal.', example: 'person.isActive = true' },
  { ref: 0, name: 'false', form: 'literal', category: 'literal', params: [], result: 'boolean', source: 'S-OV', description: 'Boolean literal.', example: 'person.isActive = false' },
  { ref: 0, name: 'xEvent', form: 'literal', category: 'misc', params: [], result: 'any', source: 'S-OV', description: 'The array of the profile\'s ExperienceEvents. Inside `xEvent[...]`, `select X from xEvent`, chain steps and quantifiers over it, fields are ExperienceEvent fields.', example: 'xEvent[eventType = "commerce.purchases"].count() > 0' },
  { ref: 0, name: 'WHAT', form: 'keyword', category: 'chain', params: [p('condition', 'condition', 'the event condition')], result: 'boolean', source: 'S-EDGEAPI', description: 'chain step: the condition the event must satisfy (fields are the event\'s).', example: '[A: WHAT(eventType = "addToCart")]' },
  { ref: 0, name: 'WHEN', form: 'keyword', category: 'chain', params: [p('time', 'any', 'a relative time as after occurs: < 7 days before now, today')], result: 'boolean', source: 'S-EDGEAPI, S-STRM', description: 'chain step: when the event happened, as the right side of `occurs` (`WHEN(< 8 days before now)`, `WHEN(today)`).', example: '[X: WHAT(eventType = "addToCart") WHEN(< 8 days before now)]' },
  { ref: 0, name: 'COUNT', form: 'keyword', category: 'chain', params: [p('n', 'integer', 'minimum number of occurrences')], result: 'boolean', source: 'S-EDGEAPI', description: 'chain step: the event happens at least n times.', example: '[A: WHAT(eventType = "homePageView") WHEN(< 24 hours before now) COUNT(5)]' },
  { ref: 0, name: 'WHERE', form: 'keyword', category: 'chain', params: [p('condition', 'condition', 'the extra condition')], result: 'boolean', source: 'S-EDGEAPI', description: 'chain step: an extra condition on the event.', example: '[A: WHAT(eventType = "addToCart") WHERE(externalSegmentMapProperty.values().exists(stringProperty="active"))]' },
];

const byName = new Map<string, CatalogueEntry[]>();
for (const e of CATALOGUE) {
  for (const n of [e.name, ...(e.aliases ?? [])]) {
    const list = byName.get(n) ?? [];
    list.push(e);
    byName.set(n, list);
  }
}

/** Entries named exactly `name` (any form). */
export function entriesNamed(name: string): CatalogueEntry[] {
  return byName.get(name) ?? [];
}

// Name lookups are memoised (a megabyte of PQL calls the same few functions thousands of times). The memos are
// bounded: past MEMO_LIMIT names (random text), lookups are computed afresh.
const MEMO_LIMIT = 4096;
const NO_ENTRIES: readonly CatalogueEntry[] = Object.freeze([]);
const methodMemo = new Map<string, readonly CatalogueEntry[]>();
const functionMemo = new Map<string, CatalogueEntry | null>();

/** Methods named `name` (case-sensitive). The list is shared: do not modify it. */
export function methodsNamed(name: string): readonly CatalogueEntry[] {
  let r = methodMemo.get(name);
  if (r === undefined) {
    const list = entriesNamed(name).filter((e) => e.form === 'method');
    r = list.length ? list : NO_ENTRIES;
    if (methodMemo.size < MEMO_LIMIT) methodMemo.set(name, r);
  }
  return r;
}

/** The function called `name`: exact, or case-insensitive for keyword functions (`CHAIN`, `IF`). */
export function functionNamed(name: string): CatalogueEntry | undefined {
  let r = functionMemo.get(name);
  if (r === undefined) {
    r = findFunction(name) ?? null;
    if (functionMemo.size < MEMO_LIMIT) functionMemo.set(name, r);
  }
  return r ?? undefined;
}

function findFunction(name: string): CatalogueEntry | undefined {
  const exact = entriesNamed(name).find((e) => e.form === 'function');
  if (exact) return exact;
  const lower = name.toLowerCase();
  return CATALOGUE.find((e) => e.form === 'function' && e.caseInsensitive && e.name.toLowerCase() === lower);
}

/** The keyword, operator or literal entry for a token text (case-insensitive for words). */
export function keywordEntry(text: string): CatalogueEntry | undefined {
  const exact = entriesNamed(text).find((e) => e.form !== 'method' && e.form !== 'function');
  if (exact) return exact;
  const lower = text.toLowerCase();
  return CATALOGUE.find((e) => e.form !== 'method' && e.form !== 'function' && (e.name.toLowerCase() === lower || e.aliases?.some((a) => a.toLowerCase() === lower)));
}

export const METHODS = CATALOGUE.filter((e) => e.form === 'method');
export const FUNCTIONS = CATALOGUE.filter((e) => e.form === 'function');

/** Minimum and maximum argument counts. */
export function arity(e: CatalogueEntry): { min: number; max: number } {
  return { min: e.params.filter((x) => !x.optional).length, max: e.params.length };
}

/** The signature shown in hover, completion and signature help, generated from the entry. */
export function signatureOf(e: CatalogueEntry): string {
  const params = e.params.map((x) => `${x.name}${x.optional ? '?' : ''}: ${paramTypeName(x.type)}`).join(', ');
  const result = resultName(e);
  switch (e.form) {
    case 'method': return `${receiverName(e.receiver ?? 'any')}.${e.name}(${params}) → ${result}`;
    case 'function': return `${e.name}(${params}) → ${result}`;
    case 'infix': return e.params.length === 2 ? `${paramTypeName(e.params[0].type)} ${e.name} ${paramTypeName(e.params[1].type)} → ${result}` : e.name;
    case 'prefix': return e.params.length ? `${e.name} ${paramTypeName(e.params[0].type)} → ${result}` : e.name;
    default: return e.name;
  }
}

export function receiverName(r: ReceiverKind): string {
  return r === 'collection' ? 'Array|Map' : r === 'any' ? 'Any' : r === 'date' ? 'Timestamp' : r[0].toUpperCase() + r.slice(1);
}

function paramTypeName(t: ParamType): string {
  switch (t) {
    case 'element': return 'expression per element';
    case 'condition': return 'condition per element';
    case 'element-or-lambda': return 'expression | lambda';
    case 'condition-or-lambda': return 'condition | lambda';
    default: return t[0].toUpperCase() + t.slice(1);
  }
}

function resultName(e: CatalogueEntry): string {
  switch (e.result) {
    case 'receiver': return 'Array';
    case 'element': return 'element';
    case 'group-by': return 'Map<key, Array>';
    case 'map-keys': return 'Array<key>';
    case 'map-values': return 'Array<value>';
    case 'map-value': return 'value';
    case 'mapped': return 'Array | Map';
    case 'if': return 'type of whenTrue/whenFalse';
    case 'entry': return 'MapEntry';
    case 'aggregate': return 'Number';
    case 'arithmetic': return 'Number';
    case 'any': return 'Any';
    default: return e.result[0].toUpperCase() + e.result.slice(1);
  }
}

/** Markdown documentation of an entry (hover, completion). */
export function documentationOf(e: CatalogueEntry): string {
  return `${e.description}\n\nExample: \`${e.example}\`\n\n_Source: ${e.source}${e.ref ? `, reference row ${e.ref}` : ''}_`;
}
