import { normalizeName } from '@app/conflicts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { ImportValidationError, type RowError } from '../applications/import.service';
import { readTable, splitList, type TableSpec } from '../applications/import-format';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { transactionOrPreview } from '../common/database/dry-run';
import { counting, type Progress } from '../jobs/jobs.service';
import { likePattern } from '../common/database/like';
import { badInput } from '../common/graphql/errors';
import { InstitutionEntity } from '../people/people.entity';

export const INSTITUTIONS_TABLE: TableSpec = {
  columns: [
    ['name', '单位名称', '北京大学'],
    ['name_en', '英文名称', 'Peking University'],
    ['aliases', '别名、简称，分号分隔', 'PKU;北大'],
    ['email_domains', '单位邮箱域名，分号分隔', 'pku.edu.cn'],
    ['city', '城市', '北京'],
  ],
  required: ['name'],
  sheet: 'institutions',
};

const DOMAIN_RE = /^(?=.{3,200}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;
/**
 * The institutions (单位库) that applications, experts and conflict rules name: imported from
 * CSV/XLSX, all or nothing, an institution found again by its name, English name or any alias.
 */
@Injectable()
export class InstitutionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(search: string | null, limit: number): Promise<InstitutionEntity[]> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      throw badInput('limit', 'must be 1 to 1000 / 须为 1 到 1000');
    const q = likePattern(search);
    return this.db
      .getRepository(InstitutionEntity)
      .createQueryBuilder('i')
      .where(
        `(:q::text IS NULL OR i.name ILIKE :q OR i.name_en ILIKE :q OR array_to_string(i.aliases, ' ') ILIKE :q)`,
        { q },
      )
      .orderBy('i.name')
      .take(limit)
      .getMany();
  }

  async importFile(buf: Buffer, actor: AuthUser, dryRun: boolean, progress: Progress = async () => undefined) {
    await progress(5, 'reading the file / 读取文件');
    const rows = await readTable(buf, INSTITUTIONS_TABLE);
    await progress(10, `checking ${rows.length} rows / 校验 ${rows.length} 行`);
    if (!rows.length)
      throw new ImportValidationError([{ line: 2, field: 'file', message: 'no data rows / 没有数据行' }]);
    const errors: RowError[] = [];
    const err = (line: number, field: string, message: string) => errors.push({ line, field, message });
    const seen = new Map<string, number>();
    const drafts = rows.map(({ line, values: v }) => {
      const name = (v.name ?? '').trim();
      if (!name) err(line, 'name', 'required / 必填');
      if (name.length > 200) err(line, 'name', 'at most 200 characters / 至多 200 字');
      const nameEn = (v.name_en ?? '').trim() || null;
      if (nameEn && nameEn.length > 300) err(line, 'name_en', 'at most 300 characters');
      const aliases = [...new Set(splitList(v.aliases))];
      const domains = [...new Set(splitList(v.email_domains).map((d) => d.toLowerCase().replace(/^@/, '')))];
      for (const d of domains)
        if (!DOMAIN_RE.test(d))
          err(line, 'email_domains', `'${d}' is not a domain such as pku.edu.cn / 域名格式不正确`);
      for (const k of [name, nameEn ?? '', ...aliases].filter(Boolean).map(normalizeName)) {
        const at = seen.get(k);
        if (at !== undefined && at !== line)
          err(line, 'name', `'${k}' names the institution of line ${at} too / 与第 ${at} 行的单位名称或别名重复`);
        seen.set(k, line);
      }
      return { line, name, nameEn, aliases, domains, city: (v.city ?? '').trim() || null };
    });
    if (errors.length) throw new ImportValidationError(errors);
    const work = async (m: EntityManager) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('institutions-import', 0))`);
      const stored = await m.find(InstitutionEntity);
      const byKey = new Map<string, InstitutionEntity>();
      for (const i of stored)
        for (const k of [i.name, i.nameEn ?? '', ...i.aliases]) if (k) byKey.set(normalizeName(k), i);
      let created = 0;
      let updated = 0;
      const writing = counting(progress, 20, 100, drafts.length, { en: 'institutions', zh: '单位' });
      for (const [i, d] of drafts.entries()) {
        await writing(i);
        const hits = new Set(
          [d.name, d.nameEn ?? '', ...d.aliases]
            .filter(Boolean)
            .map((k) => byKey.get(normalizeName(k)))
            .filter((x): x is InstitutionEntity => !!x),
        );
        if (hits.size > 1) {
          err(
            d.line,
            'aliases',
            `names ${[...hits].map((h) => h.name).join(' and ')}, two stored institutions / 对应两个已存单位`,
          );
          continue;
        }
        const prev = [...hits][0];
        if (prev) {
          const aliases = [
            ...new Set([...prev.aliases, ...d.aliases, ...(prev.name !== d.name ? [prev.name] : [])]),
          ].filter((a) => a !== d.name);
          await m.update(
            InstitutionEntity,
            { id: prev.id },
            {
              name: d.name,
              nameEn: d.nameEn ?? prev.nameEn,
              aliases,
              emailDomains: [...new Set([...prev.emailDomains, ...d.domains])],
              city: d.city ?? prev.city,
            },
          );
          updated++;
        } else {
          await m.insert(InstitutionEntity, {
            name: d.name,
            nameEn: d.nameEn,
            aliases: d.aliases,
            emailDomains: d.domains,
            city: d.city,
          });
          created++;
        }
      }
      if (errors.length) throw new ImportValidationError(errors);
      await this.audit.record(
        { actorId: actor.id, action: 'institutions.import', entity: 'institution', after: { created, updated } },
        m,
      );
      return { dryRun, imported: drafts.length, created, updated };
    };
    return transactionOrPreview(this.db, dryRun, work);
  }
}
