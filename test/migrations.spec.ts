import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../ormconfig';
import { createTestDatabase } from './helpers/app';

describe('migrations', () => {
  it('run up on an empty database, leave no drift, undo completely and run up again', async () => {
    const database = await createTestDatabase();
    const ds = new DataSource({ ...dataSourceOptions(database.url), logging: false });
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      expect(ran.length).toBeGreaterThan(0);
      // the entities and the migrations describe the same schema
      const drift = await ds.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      // the audit trail refuses changes
      await ds.query(`INSERT INTO audit_log(action, entity) VALUES ('x', 'y')`);
      await expect(ds.query(`UPDATE audit_log SET action = 'z'`)).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
      for (let i = 0; i < ran.length; i++) await ds.undoLastMigration({ transaction: 'each' });
      const tables = await ds.query(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
      );
      expect(tables).toEqual([]);
      const again = await ds.runMigrations({ transaction: 'each' });
      expect(again.length).toBe(ran.length);
    } finally {
      await ds.destroy();
      await database.drop();
    }
  });
});
