import type { EntityManager } from 'typeorm';

/**
 * Everything the platform holds about one account, for its owner (个人信息查阅, PIPL art. 45):
 * the account, the person record and its affiliations, relations and publications, invitations
 * and their answers, pledges signed, the reviews they wrote (scores and both comments: the text is
 * theirs), the ratings of those reviews as counts, panel seats, notices and the documents they
 * opened. Nothing about anyone else: projects by number and title only, other people by name only
 * where the owner's own record names them (relations, co-authors).
 */
export async function accountData(m: EntityManager, userId: string) {
  const one = async (sql: string) => ((await m.query(sql, [userId])) as Record<string, unknown>[])[0] ?? null;
  const all = (sql: string) => m.query(sql, [userId]) as Promise<Record<string, unknown>[]>;
  const account = await one(
    `SELECT id, email, name, roles, locale, disabled, created_at AS "createdAt", email_confirmed_at AS "emailConfirmedAt", closed_at AS "closedAt", person_id AS "personId"
       FROM users WHERE id = $1`,
  );
  const personId = account?.personId ?? null;
  const person = personId
    ? await one(
        `SELECT p.external_id AS "externalId", p.name, p.name_en AS "nameEn", p.emails, p.orcid, p.disciplines, p.title, p.keywords,
                p.application_codes AS "applicationCodes", p.in_pool AS "inExpertPool"
           FROM persons p JOIN users u ON u.person_id = p.id WHERE u.id = $1`,
      )
    : null;
  const viaPerson = (sql: string) => (personId ? all(sql) : Promise.resolve([]));
  const [affiliations, relations, publications, invitations, pledges, reviews, panels, notices, documents] =
    await Promise.all([
      viaPerson(
        `SELECT i.name AS institution, f.from_date AS "from", f.to_date AS "to"
           FROM affiliations f JOIN institutions i ON i.id = f.institution_id JOIN users u ON u.person_id = f.person_id
          WHERE u.id = $1 ORDER BY f.from_date NULLS FIRST`,
      ),
      viaPerson(
        `SELECT r.type, o.name AS "otherPerson"
           FROM person_relations r JOIN users u ON u.person_id IN (r.person_a, r.person_b)
           JOIN persons o ON o.id = CASE WHEN r.person_a = u.person_id THEN r.person_b ELSE r.person_a END
          WHERE u.id = $1 ORDER BY r.type, o.name`,
      ),
      viaPerson(
        `SELECT p.title, p.year, (SELECT array_agg(x.name ORDER BY x.name) FROM publication_authors pa2 JOIN persons x ON x.id = pa2.person_id
                                   WHERE pa2.publication_id = p.id) AS authors
           FROM publications p JOIN publication_authors pa ON pa.publication_id = p.id JOIN users u ON u.person_id = pa.person_id
          WHERE u.id = $1 ORDER BY p.year DESC NULLS LAST, p.title`,
      ),
      all(
        `SELECT r.name_zh AS round, i.status, i.respond_by AS "respondBy", i.max_load AS "maxLoad", i.reason, i.note,
                i.responded_at AS "respondedAt", i.created_at AS "invitedAt"
           FROM invitations i JOIN review_rounds r ON r.id = i.round_id WHERE i.user_id = $1 ORDER BY i.created_at`,
      ),
      all(
        `SELECT r.name_zh AS round, p.version, p.signed_at AS "signedAt", p.text_zh AS "textZh", p.text_en AS "textEn"
           FROM pledges p JOIN review_rounds r ON r.id = p.round_id WHERE p.user_id = $1 ORDER BY p.signed_at`,
      ),
      all(
        `SELECT r.name_zh AS round, a.external_id AS project, a.title_zh AS title, x.status AS assignment,
                v.status, v.scores, v.total, v.rating, v.recommendation, v.comment_to_applicant AS "commentToApplicant",
                v.confidential_comment AS "confidentialComment", v.submitted_at AS "submittedAt",
                (SELECT jsonb_object_agg(k, n) FROM (SELECT rr.rating AS k, count(*)::int AS n FROM review_ratings rr
                   WHERE rr.review_id = v.id GROUP BY 1) q) AS "ratingsReceived"
           FROM assignments x JOIN review_rounds r ON r.id = x.round_id JOIN applications a ON a.id = x.application_id
           LEFT JOIN reviews v ON v.assignment_id = x.id
          WHERE x.reviewer_id = $1 ORDER BY r.opens_at, a.external_id`,
      ),
      all(
        `SELECT mt.title_zh AS meeting, mt.starts_at AS "startsAt", pm.role, pm.present
           FROM panel_members pm JOIN panel_meetings mt ON mt.id = pm.meeting_id WHERE pm.user_id = $1 ORDER BY mt.starts_at`,
      ),
      all(
        `SELECT kind, title_zh AS title, body_zh AS body, created_at AS "createdAt", read_at AS "readAt"
           FROM notices WHERE user_id = $1 ORDER BY created_at`,
      ),
      all(
        `SELECT l.at, CASE l.action WHEN 'document.download' THEN 'DOWNLOAD' ELSE 'VIEW' END AS action,
                a.external_id AS project, d.kind, d.filename, l.after->>'ip' AS ip
           FROM audit_log l LEFT JOIN documents d ON d.id::text = l.entity_id LEFT JOIN applications a ON a.id = d.application_id
          WHERE l.actor_id = $1 AND l.action IN ('document.view', 'document.download') ORDER BY l.id`,
      ),
    ]);
  if (account) delete account.personId;
  return {
    exportedAt: new Date().toISOString(),
    account,
    person,
    affiliations,
    relations,
    publications,
    invitations,
    pledges,
    reviews,
    panels,
    notices,
    documentsOpened: documents,
  };
}
