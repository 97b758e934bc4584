import { mayReadProjectMaterial, type Sealable } from '../common/auth/access';
import { Context, Field, ID, Int, ObjectType, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../common/graphql/loaders';
import type { ApplicationEntity } from '../applications/application.entity';
import { Project } from '../applications/models/project.model';

@ObjectType({ description: '申请书 / 中期报告 (PDF); download at /documents/:id' })
export class ProjectDocument {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'PROPOSAL or MIDTERM_REPORT' })
  kind!: string;

  @Field()
  filename!: string;

  @Field(() => Int)
  size!: number;

  @Field()
  uploadedAt!: Date;
}

@Resolver(() => Project)
export class DocumentsResolver {
  @ResolveField(() => [ProjectDocument])
  documents(@Parent() p: ApplicationEntity & Sealable, @Context() ctx: GqlContext) {
    if (!mayReadProjectMaterial(p)) return [];
    return ctx.loaders.documentsByApplication.load(p.id);
  }
}
