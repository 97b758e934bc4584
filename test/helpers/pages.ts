import type { TestApp } from './app';

/** One page of a keyset-paged list, as every `…Page` query answers. */
export interface CursorPage<Item> {
  total: number;
  hasMore: boolean;
  endCursor: string | null;
  items: Item[];
}

/**
 * Walks a keyset-paged list to its end through GraphQL: `doc` takes `$first` and `$after`, `field`
 * names the page in the answer. Every answer must be free of errors and no page longer than
 * `first`; the totals seen on the pages are returned (one, when the list is consistent).
 */
export async function walkPages<Item>(
  t: TestApp,
  doc: string,
  field: string,
  vars: Record<string, unknown>,
  first: number,
  token: string,
): Promise<{ items: Item[]; totals: number[]; pages: number }> {
  const items: Item[] = [];
  const totals = new Set<number>();
  let after: string | null = null;
  let pages = 0;
  for (; pages < 1000;) {
    const r: { data?: Record<string, CursorPage<Item>>; errors?: unknown[] } = await t.gql<
      Record<string, CursorPage<Item>>
    >(doc, { ...vars, first, after }, token);
    if (r.errors) throw new Error(`${field}: ${JSON.stringify(r.errors)}`);
    const page: CursorPage<Item> = r.data![field];
    if (page.items.length > first) throw new Error(`${field}: a page of ${page.items.length} for first ${first}`);
    totals.add(page.total);
    items.push(...page.items);
    pages++;
    if (!page.hasMore) break;
    after = page.endCursor;
  }
  return { items, totals: [...totals], pages };
}
