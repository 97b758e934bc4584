import type { Logger as TypeOrmLogger } from 'typeorm';

/**
 * Counts the SQL statements TypeORM sends, for tests that prove list queries cost a constant
 * number of statements (no N+1). Enabled with COUNT_QUERIES=true (the validated configuration);
 * otherwise never installed.
 */
export const queryCounter = { enabled: false, count: 0 };

export class CountingLogger implements TypeOrmLogger {
  logQuery() {
    queryCounter.count++;
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}
