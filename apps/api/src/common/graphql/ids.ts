import { badInput } from './errors';

/** A database id (uuid) as text. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each id argument given must be a uuid; the first that is not is refused on its own field. */
export function checkIds(args: Record<string, string | null | undefined>): void {
  for (const [field, id] of Object.entries(args))
    if (id !== null && id !== undefined && !UUID.test(id)) throw badInput(field, 'is not an id / 不是有效的标识');
}
