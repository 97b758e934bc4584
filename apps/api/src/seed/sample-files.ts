import { EXPERTS_TABLE } from '../experts/experts.service';
import { INSTITUTIONS_TABLE } from '../experts/institutions.service';
import type { TableSpec } from '../applications/import-format';
import { DEMO_INSTITUTIONS, DEMO_REVIEWERS } from './demo-data';
import { demoApplicationRows, rowsToCsv } from './demo-applications';

const cell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const csv = (spec: TableSpec, rows: Record<string, string>[]) => {
  const cols = spec.columns.map((c) => c[0]);
  return Buffer.from(
    '\uFEFF' + [cols.join(','), ...rows.map((r) => cols.map((c) => cell(r[c] ?? '')).join(','))].join('\n') + '\n',
    'utf8',
  );
};
const CODES: Record<string, string> = { MATH: 'A0116', MEDICINE: 'H18', IT: 'F0201' };

/**
 * The files an officer brings to run a year from an empty database, made from the demo's data in
 * the import formats: institutions, the expert pool, applications (all 40, or the first `n`), and
 * publications that link some experts to applicants. `npm run -s cli -- sample-files --out DIR`.
 */
export function sampleFiles(opts: { applications?: number } = {}): Record<string, Buffer> {
  const institutions = DEMO_INSTITUTIONS.map((i) => ({
    name: i.name,
    name_en: i.nameEn,
    aliases: i.aliases.join(';'),
    email_domains: i.emailDomains.join(';'),
    city: i.city ?? '',
  }));
  const inst = new Map(DEMO_INSTITUTIONS.map((i) => [i.key, i]));
  const experts = DEMO_REVIEWERS.flatMap((r) => {
    const current = inst.get(r.current)!;
    const own = {
      expert_id: `REV-${String(r.n).padStart(3, '0')}`,
      name: r.name,
      name_en: r.nameEn,
      emails: `${r.mailbox}@${current.emailDomains[0]}`,
      title: r.title,
      disciplines: r.disciplines.join(';'),
      application_codes: r.disciplines.map((d) => CODES[d]).join(';'),
      keywords: r.keywords.join(';'),
    };
    const rows = [{ ...own, institution: current.name, from: r.since, to: '' }];
    if (r.former)
      rows.push({
        expert_id: own.expert_id,
        institution: inst.get(r.former.inst)!.name,
        from: r.former.from,
        to: r.former.to,
      } as (typeof rows)[number]);
    return rows;
  });
  const all = demoApplicationRows();
  const ids = [...new Set(all.map((r) => r.application_id!))].slice(0, opts.applications ?? Infinity);
  const apps = all.filter((r) => ids.includes(r.application_id!));
  // co-authorships: the n-th expert with the PI of the n-th application chosen (evidence for COAUTHOR)
  const pis = apps.filter((r) => r.member_role === 'PI');
  const pubs = pis.slice(0, 3).map((p, k) => {
    const r = DEMO_REVIEWERS[(k * 7 + 3) % DEMO_REVIEWERS.length];
    return `doi:10.1000/sample.${k + 1},2024,${cell(`${p.title_zh} 的合作论文`)},REV-${String(r.n).padStart(3, '0')};${p.member_email}`;
  });
  return {
    'institutions.csv': csv(INSTITUTIONS_TABLE, institutions),
    'experts.csv': csv(EXPERTS_TABLE, experts),
    'applications.csv': rowsToCsv(apps),
    'publications.csv': Buffer.from(['publication_id,year,title,authors', ...pubs].join('\n') + '\n', 'utf8'),
  };
}
