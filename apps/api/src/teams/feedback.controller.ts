import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { type AuthUser, CurrentUser, Roles } from '../common/auth/decorators';
import { Role } from '../common/auth/role.enum';
import { badInput } from '../common/graphql/errors';
import { rawResponse } from '../common/http';
import { writeFeedbackLetter } from '../exports/pdf';
import { langOf } from '../exports/tables';
import { ApplicationEntity } from '../applications/application.entity';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { FeedbackService } from './feedback.service';
import { TeamsService } from './teams.service';

/** 评审结果通知 as a PDF (REST, bearer token): the project's leads and officers; anyone else gets 404. */
@Controller('feedback/projects/:projectId/rounds/:roundId')
@Roles(Role.PI, Role.PROGRAM_OFFICER, Role.ADMIN)
export class FeedbackController {
  constructor(
    private readonly teams: TeamsService,
    private readonly feedback: FeedbackService,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get('letter.pdf')
  async letter(
    @Param('projectId', new ParseUUIDPipe()) projectId: string,
    @Param('roundId', new ParseUUIDPipe()) roundId: string,
    @Query('lang') l: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res() reply: FastifyReply,
  ) {
    await this.teams.assertReaches(user, projectId);
    const [f] = await this.feedback.of(projectId, roundId);
    if (!f) throw badInput('roundId', 'no finalized round of this project has that id / 该轮次尚未定稿或不含此项目');
    const app = await this.db.getRepository(ApplicationEntity).findOneByOrFail({ id: projectId });
    const res = rawResponse(reply);
    res.setHeader('Content-Type', 'application/pdf');
    res.setHeader('Content-Disposition', `attachment; filename="feedback-${app.externalId}.pdf"`);
    res.setHeader('Cache-Control', 'no-store');
    await writeFeedbackLetter(
      res,
      { externalId: app.externalId, titleZh: app.titleZh, titleEn: app.titleEn || app.titleZh },
      f,
      langOf(l),
    );
  }
}
