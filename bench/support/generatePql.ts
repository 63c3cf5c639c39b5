// Deterministic generator of large, valid PQL expressions for the benchmarks: a long `or` of realistic conditions
// (comparisons on XDM fields, string methods, xEvent filters with occurs, chains, selects, inSegment).

const CONDITIONS = [
  (i: number) => `homeAddress.countryCode = "C${i % 100}"`,
  (i: number) => `person.birthYear >= ${1900 + (i % 120)}`,
  (i: number) => `person.name.firstName.startsWith("Jo${i % 10}", false)`,
  (i: number) => `xEvent[(timestamp occurs < ${1 + (i % 30)} days before now) and eventType = "commerce.purchases"].count() > ${i % 5}`,
  (i: number) => `chain(xEvent, timestamp, [A${i % 7}: WHAT(eventType = "addToCart") WHEN(< 24 hours before now) COUNT(${1 + (i % 4)})])`,
  (i: number) => `(select X from xEvent where X.commerce.order.priceTotal > ${i % 1000}).count() > 1`,
  (i: number) => `inSegment("e3be6d7f-1727-401f-a41e-c296b45f6${String(100 + (i % 900)).padStart(3, '0')}")`,
  (i: number) => `homeAddress.city in ["Paris", "Berlin", "C${i % 50}"]`,
  (i: number) => `not (person.gender = "g${i % 3}")`,
  (i: number) => `xEvent[productListItems[SKU = "S${i % 100}" and quantity > 1]].count() > 0`,
];

/** A PQL expression of at least `bytes` characters. */
export function pqlOfSize(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const condition = CONDITIONS[i % CONDITIONS.length](i);
    parts.push(condition);
    size += condition.length + 4;
  }
  return parts.join(' or ');
}
