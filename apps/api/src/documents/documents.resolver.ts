import { Args, Context, Field, ID, Int, ObjectType, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { mayReadProjectMaterial, type Sealable } from '../common/auth/access';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import type { GqlContext } from '../common/graphql/loaders';
import type { ApplicationEntity } from '../applications/application.entity';
import { Project } from '../applications/models/project.model';
import { DocumentsService } from './documents.service';
import { coversKind, materialAccess, type MaterialAccess } from './material-access';
import { CursorPageOf } from '../common/graphql/page-type';

@ObjectType({ description: '申请书 / 中期报告 (PDF); read at /documents/:id, kept with ?download=1' })
export class ProjectDocument {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PROPOSAL, MIDTERM_REPORT or EVIDENCE' })
  kind!: string;

  @Field()
  filename!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  uploadedAt!: Date;

  @Field({ description: 'the caller may keep a file (?download=1), not only read it in the page' })
  downloadable!: boolean;

  @Field({ description: 'the caller reads a copy stamped with their name, account and the time' })
  watermarked!: boolean;
}

@ObjectType({ description: '材料查阅记录 / one view or download of a document' })
export class DocumentAccess {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field(() => ID, { nullable: true })
  userId!: string | null;

  @Field(() => String, { nullable: true })
  userName!: string | null;

  @Field(() => String, { nullable: true })
  userEmail!: string | null;

  @Field({ description: 'VIEW or DOWNLOAD' })
  action!: string;

  @Field(() => ID)
  documentId!: string;

  @Field()
  kind!: string;

  @Field()
  filename!: string;

  @Field(() => ID)
  projectId!: string;

  @Field()
  externalId!: string;

  @Field(() => String, { nullable: true, description: 'the address the request came from' })
  ip!: string | null;

  @Field()
  watermarked!: boolean;
}

@ObjectType()
export class DocumentAccessPage extends CursorPageOf(DocumentAccess, 'views and downloads') {}

/** One batched access check per request and reader, over every project the request lists. */
const accessLoaders = new WeakMap<object, DataLoader<string, MaterialAccess | null>>();

@Resolver(() => Project)
export class DocumentsResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly docs: DocumentsService,
  ) {}

  /** The documents the caller may open now (a reviewer's go when their work ends), with how. */
  @ResolveField(() => [ProjectDocument])
  async documents(
    @Parent() p: ApplicationEntity & Sealable,
    @Context() ctx: GqlContext,
    @CurrentUser() user: AuthUser,
  ): Promise<ProjectDocument[]> {
    if (!mayReadProjectMaterial(p)) return [];
    let loader = accessLoaders.get(ctx.req);
    if (!loader) {
      loader = new DataLoader((ids) => materialAccess(this.db.manager, user, ids));
      accessLoaders.set(ctx.req, loader);
    }
    const [access, docs] = await Promise.all([loader.load(p.id), ctx.loaders.documentsByApplication.load(p.id)]);
    if (!access) return [];
    return docs
      .filter((d) => coversKind(access, d.kind))
      .map((d) => ({ ...d, downloadable: access.download, watermarked: access.watermark }));
  }

  @Roles(Role.PROGRAM_OFFICER, Role.ADMIN)
  @Query(() => DocumentAccessPage, {
    description:
      '材料查阅记录 / who viewed or downloaded which document, when and from where, newest first (officers); by round, document or reader',
  })
  documentAccesses(
    @Args('roundId', { type: () => ID, nullable: true }) roundId: string | null,
    @Args('documentId', { type: () => ID, nullable: true }) documentId: string | null,
    @Args('userId', { type: () => ID, nullable: true }) userId: string | null,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<DocumentAccessPage> {
    return this.docs.accesses(
      { roundId: roundId ?? null, documentId: documentId ?? null, userId: userId ?? null },
      first,
      after ?? null,
    );
  }
}
