import type { Type } from '@nestjs/common';
import { Field, Int, ObjectType } from '@nestjs/graphql';

/**
 * The GraphQL shape of one page of a keyset-paged list: its items, the filtered total, whether
 * more follow and the cursor to pass as `after` for them. `what` names the rows in the schema's
 * descriptions (`assignments matching the filters, on every page`).
 */
export function CursorPageOf<T>(item: Type<T>, what: string) {
  @ObjectType({ isAbstract: true })
  abstract class CursorPage {
    @Field(() => [item])
    items!: T[];

    @Field(() => Int, { description: `${what} matching the filters, on every page` })
    total!: number;

    @Field({ description: 'there are more after this page' })
    hasMore!: boolean;

    @Field(() => String, { nullable: true, description: 'pass as `after` for the next page' })
    endCursor!: string | null;
  }
  return CursorPage;
}
