import { randomUUID } from 'node:crypto';
import { orcidKey } from '@app/conflicts';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthUser } from '../common/auth/decorators';
import { Discipline } from '../common/auth/role.enum';
import { badInput, notFound } from '../common/graphql/errors';
import { ConflictsService } from '../conflicts/conflicts.service';
import { EMAIL_RE, findPersons, ORCID_RE } from '../people/identify';
import { PersonEntity } from '../people/people.entity';
import { ExpertsService } from './experts.service';
import type { PersonRefInput, ProfileInput } from './profile.models';

const RELATION_TYPES = ['ADVISOR', 'ADVISEE', 'FAMILY'] as const;

/**
 * 个人资料: an expert keeps their own expertise, affiliations, relations and publications up to
 * date; every change re-detects the conflicts of the rounds under way. Adding is theirs; removing
 * a relation, a publication or an affiliation (which could hide a conflict) is the office's.
 */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly conflicts: ConflictsService,
    private readonly experts: ExpertsService,
  ) {}

  private personOf(user: AuthUser): string {
    if (!user.personId) throw notFound('expert', user.id);
    return user.personId;
  }

  async get(user: AuthUser) {
    const personId = this.personOf(user);
    const expert = await this.experts.get(personId);
    const relations: { id: string; type: string; other_name: string }[] = await this.db.query(
      `SELECT r.id, CASE WHEN r.type = 'FAMILY' THEN 'FAMILY' WHEN r.person_b = $1 THEN 'ADVISOR' ELSE 'ADVISEE' END AS type,
              o.name AS other_name
         FROM person_relations r JOIN persons o ON o.id = CASE WHEN r.person_a = $1 THEN r.person_b ELSE r.person_a END
        WHERE r.person_a = $1 OR r.person_b = $1 ORDER BY o.name, r.id`,
      [personId],
    );
    const publications: { id: string; title: string; year: number; coauthors: string[] }[] = await this.db.query(
      `SELECT p.id, p.title, p.year,
              COALESCE(array_agg(o.name ORDER BY o.name) FILTER (WHERE o.id IS NOT NULL), '{}') AS coauthors
         FROM publications p JOIN publication_authors me ON me.publication_id = p.id AND me.person_id = $1
         LEFT JOIN publication_authors pa ON pa.publication_id = p.id AND pa.person_id <> $1
         LEFT JOIN persons o ON o.id = pa.person_id
        GROUP BY p.id ORDER BY p.year DESC, p.title`,
      [personId],
    );
    return {
      expert,
      relations: relations.map((r) => ({ id: r.id, type: r.type, otherName: r.other_name })),
      publications,
      reviewQuality: await this.quality(user.id),
    };
  }

  /** The counts of officers' ratings of the user's reviews, shown only from 3 ratings on (one rating could name its officer). */
  async quality(userId: string) {
    const [q]: Record<string, number>[] = await this.db.query(
      `SELECT count(*)::int AS ratings,
              count(*) FILTER (WHERE rt.rating = 'HELPFUL')::int AS helpful,
              count(*) FILTER (WHERE rt.rating = 'NEEDS_WORK')::int AS "needsWork",
              count(*) FILTER (WHERE rt.rating = 'TOO_SHORT')::int AS "tooShort",
              count(*) FILTER (WHERE rt.rating = 'TOO_VAGUE')::int AS "tooVague",
              count(*) FILTER (WHERE rt.rating = 'NOT_CONSTRUCTIVE')::int AS "notConstructive"
         FROM review_ratings rt JOIN reviews r ON r.id = rt.review_id JOIN assignments a ON a.id = r.assignment_id
        WHERE a.reviewer_id = $1`,
      [userId],
    );
    const shown = q.ratings >= 3;
    const v = (k: string) => (shown ? q[k] : null);
    return {
      ratings: q.ratings,
      shown,
      helpful: v('helpful'),
      needsWork: v('needsWork'),
      tooShort: v('tooShort'),
      tooVague: v('tooVague'),
      notConstructive: v('notConstructive'),
    };
  }

  /** Title, keywords, application codes and affiliations; the office's fields (name, e-mails, ORCID, disciplines) stay. */
  async update(user: AuthUser, input: ProfileInput) {
    const personId = this.personOf(user);
    const p = await this.db.getRepository(PersonEntity).findOneBy({ id: personId });
    if (!p) throw notFound('expert', personId);
    await this.experts.update(
      personId,
      {
        externalId: p.externalId,
        name: p.name,
        nameEn: p.nameEn,
        emails: p.emails,
        orcid: p.orcid,
        disciplines: p.disciplines.filter((d): d is Discipline => d in Discipline),
        title: input.title ?? null,
        keywords: input.keywords,
        applicationCodes: input.applicationCodes,
        affiliations: input.affiliations,
      },
      user,
      { ownProfile: true },
    );
    return this.get(user);
  }

  async addRelation(user: AuthUser, type: string, other: PersonRefInput) {
    const me = this.personOf(user);
    if (!(RELATION_TYPES as readonly string[]).includes(type))
      throw badInput('type', 'must be ADVISOR, ADVISEE or FAMILY / 须为导师、学生或亲属');
    await this.db.transaction(async (m) => {
      const otherId = await this.findOrCreate(m, other, 'person');
      if (otherId === me) throw badInput('person', 'that is you / 不能填写本人');
      const [a, b] = type === 'ADVISOR' ? [otherId, me] : [me, otherId];
      const kind = type === 'FAMILY' ? 'FAMILY' : 'ADVISOR';
      await m.query(
        `INSERT INTO person_relations (type, person_a, person_b) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
        [kind, a, b],
      );
      await this.audit.record(
        {
          actorId: user.id,
          action: 'profile.relation',
          entity: 'person',
          entityId: me,
          after: { type, other: otherId },
        },
        m,
      );
      await this.conflicts.redetectAll(m);
    });
    return this.get(user);
  }

  async addPublication(user: AuthUser, title: string, year: number, coauthors: PersonRefInput[]) {
    const me = this.personOf(user);
    const t = (title ?? '').trim();
    if (!t || t.length > 500) throw badInput('title', 'a title of 1 to 500 characters / 须填写题目（500 字以内）');
    const thisYear = new Date().getUTCFullYear();
    if (!Number.isInteger(year) || year < 1950 || year > thisYear + 1)
      throw badInput('year', `a year from 1950 to ${thisYear + 1} / 年份须在 1950 到 ${thisYear + 1} 之间`);
    if (!Array.isArray(coauthors) || coauthors.length === 0 || coauthors.length > 50)
      throw badInput('coauthors', 'one to 50 co-authors / 须填写 1 到 50 位合作者');
    await this.db.transaction(async (m) => {
      const ids = new Set<string>();
      for (const [i, c] of coauthors.entries()) ids.add(await this.findOrCreate(m, c, `coauthors[${i}]`));
      ids.delete(me);
      const [{ id }]: { id: string }[] = await m.query(
        `INSERT INTO publications (external_id, title, year) VALUES ($1, $2, $3) RETURNING id`,
        [`self-${randomUUID()}`, t, year],
      );
      await m.query(`INSERT INTO publication_authors (publication_id, person_id) SELECT $1, unnest($2::uuid[])`, [
        id,
        [me, ...ids],
      ]);
      await this.audit.record(
        {
          actorId: user.id,
          action: 'profile.publication',
          entity: 'person',
          entityId: me,
          after: { title: t, year, coauthors: [...ids] },
        },
        m,
      );
      await this.conflicts.redetectAll(m);
    });
    return this.get(user);
  }

  /** The person an e-mail or ORCID names (as imports find them), or a new one outside the pool. */
  private async findOrCreate(m: EntityManager, ref: PersonRefInput, field: string): Promise<string> {
    const name = (ref.name ?? '').trim();
    const email = ref.email?.trim().toLowerCase() || null;
    const orcid = ref.orcid?.trim() ? orcidKey(ref.orcid) : null;
    if (!name || name.length > 200) throw badInput(`${field}.name`, 'a name is required / 请填写姓名');
    if (!email && !orcid)
      throw badInput(
        `${field}.email`,
        'an e-mail or ORCID, so that they can be recognised / 请填写邮箱或 ORCID，以便识别',
      );
    if (email && !EMAIL_RE.test(email)) throw badInput(`${field}.email`, 'not an e-mail address / 邮箱格式不正确');
    if (orcid && !ORCID_RE.test(orcid))
      throw badInput(`${field}.orcid`, 'not an ORCID such as 0000-0002-1825-0097 / ORCID 格式不正确');
    await m.query('SELECT pg_advisory_xact_lock(7210002)'); // persons: one writer matching identities at a time
    const found = await findPersons(
      m,
      [email, orcid].filter((x): x is string => Boolean(x)),
    );
    const hit = [...found.values()].flat()[0];
    if (hit) return hit.id;
    const p = await m.save(
      PersonEntity,
      m.create(PersonEntity, { name, emails: email ? [email] : [], orcid, disciplines: [], inPool: false }),
    );
    return p.id;
  }
}
