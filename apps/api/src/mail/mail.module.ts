import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service';
import { OutboxEntity } from './outbox.entity';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([OutboxEntity])], providers: [MailService], exports: [MailService] })
export class MailModule {}
