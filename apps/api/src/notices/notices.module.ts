import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NoticeEntity } from './notice.entity';
import { NoticesResolver } from './notices.resolver';
import { NoticesService } from './notices.service';

/** 通知: the in-app list of what the platform told each user, beside the e-mail in the outbox. */
@Module({
  imports: [TypeOrmModule.forFeature([NoticeEntity])],
  providers: [NoticesService, NoticesResolver],
  exports: [NoticesService],
})
export class NoticesModule {}
