/** Items grouped by `key`, groups and items in first-seen order. */
export function groupBy<T>(items: T[], key: (item: T) => string): { key: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].map(([k, list]) => ({ key: k, items: list }));
}

/**
 * Groups of one address each, in the order every screen lists addresses: by street, as
 * Swedish sorts it (Påminnelser and the calendar come from the core in this order).
 */
export function byStreet<T>(groups: { key: string; items: T[] }[], street: (item: T) => string) {
  return [...groups].sort((a, b) => street(a.items[0]).localeCompare(street(b.items[0]), 'sv'));
}
