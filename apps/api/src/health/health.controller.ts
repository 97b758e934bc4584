import { Controller, Get, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../common/auth/decorators';

@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** 200 with the database's status when it answers, 503 when it does not. */
  @Public()
  @Get()
  async health(@Res() res: Response) {
    const t0 = performance.now();
    try {
      await Promise.race([
        this.db.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout after 2000 ms')), 2000).unref()),
      ]);
      res
        .status(200)
        .json({ status: 'ok', database: { status: 'up', latencyMs: +(performance.now() - t0).toFixed(1) } });
    } catch (e) {
      res
        .status(503)
        .json({ status: 'error', database: { status: 'down', error: (e as Error).message.slice(0, 200) } });
    }
  }
}
