import type { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import { ImportService } from '../applications/import.service';
import { hashPassword } from '../common/auth/password';
import { Role } from '../common/auth/role.enum';
import type { AppConfig } from '../common/config/config';
import { AffiliationEntity, InstitutionEntity, PersonEntity } from '../people/people.entity';
import { importCallInto } from '../programs/calls';
import { ProgramEntity } from '../programs/program.entity';
import { AuditService } from '../audit/audit.service';
import CALL_2023_DEFINITION from '../../../../calls/TY-SZ-2023.json';
import { UserEntity } from '../users/user.entity';
import { DocumentsService } from '../documents/documents.service';
import { demoApplicationRows, rowsToCsv } from './demo-applications';
import { seedDemoDocuments } from './demo-documents';
import { seedDemoRounds } from './demo-rounds';
import { DEMO_PI_PASSWORD, seedDemoTeams } from './demo-teams';
import { DEMO_ACCOUNTS, DEMO_INSTITUTIONS, DEMO_REVIEWERS } from './demo-data';

/**
 * Whether the demo (with its well-known passwords) may go into an empty database: only when
 * DEMO_DATA=true, or by default on an embedded database outside production. Production never
 * gets demo accounts unless DEMO_DATA=true is set explicitly.
 */
export function demoWanted(config: Pick<AppConfig, 'demoData' | 'nodeEnv'>, embedded: boolean): boolean {
  return config.demoData ?? (embedded && config.nodeEnv !== 'production');
}

export async function seedIfWanted(
  app: INestApplication,
  config: AppConfig,
  embedded: boolean,
  log: Pick<Logger, 'log'>,
) {
  const wanted = demoWanted(config, embedded);
  log.log(
    wanted
      ? `demo data: wanted (${config.demoData === true ? 'DEMO_DATA=true' : 'embedded database outside production'}); seeded only into an empty database`
      : `demo data: not seeded (${config.demoData === false ? 'DEMO_DATA=false' : config.nodeEnv === 'production' ? 'production; set DEMO_DATA=true to seed it' : 'external database; set DEMO_DATA=true to seed it'})`,
  );
  if (!wanted) return;
  const db = app.get<DataSource>(getDataSourceToken());
  const seeded = await seedDemo(app);
  if (seeded) {
    const docs = await seedDemoDocuments(db, app.get(DocumentsService));
    log.log(`demo data seeded (${docs} documents): sign in as officer@demo.local / demo-officer`);
  }
}

/**
 * Returns false (and writes nothing) when the database already has users or programmes. The
 * services come from the application's container: the demo goes through the same code as officers.
 */
export async function seedDemo(app: INestApplicationContext, opts: { rounds?: boolean } = {}): Promise<boolean> {
  const db = app.get<DataSource>(getDataSourceToken());
  // Hash outside the transaction: argon2 is deliberately slow.
  const [adminHash, officerHash, reviewerHash, piHash] = await Promise.all([
    hashPassword(DEMO_ACCOUNTS.admin.password),
    hashPassword(DEMO_ACCOUNTS.officer.password),
    hashPassword(DEMO_ACCOUNTS.reviewerPassword),
    hashPassword(DEMO_PI_PASSWORD),
  ]);
  return db.transaction(async (m) => {
    // One seeder at a time, even with two API processes starting on one database.
    await m.query('SELECT pg_advisory_xact_lock(7210001)');
    const [{ n }] = await m.query('SELECT (SELECT count(*) FROM users) + (SELECT count(*) FROM programs) AS n');
    if (Number(n) > 0) return false;
    await seedProgram(m, app.get(AuditService, { strict: false }));
    const inst = await seedInstitutions(m);
    await m.insert(UserEntity, [
      {
        email: DEMO_ACCOUNTS.admin.email,
        name: DEMO_ACCOUNTS.admin.name,
        roles: [Role.ADMIN],
        passwordHash: adminHash,
      },
      {
        email: DEMO_ACCOUNTS.officer.email,
        name: DEMO_ACCOUNTS.officer.name,
        roles: [Role.PROGRAM_OFFICER],
        passwordHash: officerHash,
      },
    ]);
    for (const r of DEMO_REVIEWERS) {
      const current = inst.get(r.current)!;
      const person = await m.save(PersonEntity, {
        externalId: `REV-${String(r.n).padStart(3, '0')}`,
        name: r.name,
        nameEn: r.nameEn,
        emails: [`${r.mailbox}@${current.emailDomains[0]}`],
        orcid: null,
        disciplines: r.disciplines,
        title: r.title,
        keywords: r.keywords,
        applicationCodes: r.disciplines.map((d) => DEMO_CODES[d]),
        inPool: true,
      });
      await m.insert(AffiliationEntity, {
        personId: person.id,
        institutionId: current.id,
        fromDate: r.since,
        toDate: null,
      });
      if (r.former) {
        await m.insert(AffiliationEntity, {
          personId: person.id,
          institutionId: inst.get(r.former.inst)!.id,
          fromDate: r.former.from,
          toDate: r.former.to,
        });
      }
      await m.insert(UserEntity, {
        email: `reviewer${r.n}@demo.local`,
        name: r.name,
        roles: [Role.REVIEWER],
        passwordHash: reviewerHash,
        personId: person.id,
      });
    }
    const program = await m.findOneByOrFail(ProgramEntity, { code: CALL_2023_DEFINITION.code });
    const services = { strict: false };
    await app.get(ImportService, services).importApplications(program.id, rowsToCsv(demoApplicationRows()), null, m);
    await app.get(ApplicationsService, services).screen(program.id, null, m);
    if (opts.rounds !== false) {
      await seedDemoRounds(app, m);
      await seedDemoTeams(m, piHash);
    }
    return true;
  });
}

/** An application code per discipline for the demo experts (mathematics, medicine, information science). */
const DEMO_CODES: Record<string, string> = { MATH: 'A0116', MEDICINE: 'H18', IT: 'F0201' };

/** The 2023 call from the file the platform ships (calls/TY-SZ-2023.json), as an officer would import it. */
function seedProgram(m: EntityManager, audit: AuditService): Promise<ProgramEntity> {
  return importCallInto(m, CALL_2023_DEFINITION, null, audit);
}

async function seedInstitutions(m: EntityManager): Promise<Map<string, InstitutionEntity>> {
  const out = new Map<string, InstitutionEntity>();
  for (const i of DEMO_INSTITUTIONS) {
    const row = await m.save(InstitutionEntity, {
      name: i.name,
      nameEn: i.nameEn,
      aliases: i.aliases,
      emailDomains: i.emailDomains,
      city: i.city,
    });
    out.set(i.key, row);
  }
  return out;
}
