import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators';

@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 200 with the database's status when it answers, 503 when it does not. */
  @Public()
  @Get()
  async health(@Res() reply: FastifyReply) {
    const t0 = performance.now();
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 2000 ms')), 2000).unref()),
      ]);
      return reply
        .status(200)
        .send({ status: 'ok', database: { status: 'up', latencyMs: +(performance.now() - t0).toFixed(1) } });
    } catch (e) {
      return reply
        .status(503)
        .send({ status: 'error', database: { status: 'down', error: (e as Error).message.slice(0, 200) } });
    }
  }
}
