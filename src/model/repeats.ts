/** Indexes of the entries of `items` whose key repeats an earlier entry's (ids must be unique within a list). */
export function repeats<T>(items: readonly T[], key: (item: T) => string): number[] {
  const seen = new Set<string>();
  const out: number[] = [];
  items.forEach((item, i) => (seen.has(key(item)) ? out.push(i) : seen.add(key(item))));
  return out;
}
