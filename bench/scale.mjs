// `npm run bench -- scale`: a round of NSFC-division size through the API, the database and the
// pages the web asks for, each operation next to the library's own time on the same data (read
// from the server's stage log line, so both are measured in the same process on the same rows).
//
// The round is generated here (no ../shared needed) and written with set-based SQL, all in one
// transaction: institutions, experts with accounts and affiliations, applications with five team
// members each and a cooperating institution, papers co-authored by experts and team members.
// Sizes: SCALE_SIZES="5000x2500,20000x8000" (projects × experts), SCALE_PAPERS per 20,000 projects.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startApi } from './api.mjs';
import { fmtMs } from './lib.mjs';

/** The web's own GraphQL documents, by operation name (apps/web/src/gql/gql.ts, made by codegen). */
function webDocuments(root) {
  const src = readFileSync(join(root, 'apps/web/src/gql/gql.ts'), 'utf8');
  const docs = new Map();
  for (const m of src.matchAll(/^\s+("(?:[^"\\]|\\.)*"): typeof types\.(\w+)Document,$/gm))
    docs.set(m[2], JSON.parse(m[1]));
  return docs;
}

const cpuTicks = (pid) => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
};
/** CPU seconds of every postgres process on the machine (only the benchmark's own are busy). */
function postgresCpuSeconds() {
  let ticks = 0;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/comm`, 'utf8').startsWith('postgres')) ticks += cpuTicks(d);
    } catch {
      /* gone */
    }
  }
  return ticks / 100;
}

/** The round's data, in one transaction; ids are drawn here and joined through numbered temp tables. */
export async function loadRound(c, { projects: P, experts: R, institutions: I, papers: N }) {
  await c.query('BEGIN');
  const [prog] = (
    await c.query(
      `SELECT r.program_id, r.criteria FROM review_rounds r WHERE r.kind = 'INITIAL' ORDER BY r.opens_at LIMIT 1`,
    )
  ).rows;
  const hash = (await c.query(`SELECT password_hash FROM users WHERE email = 'reviewer1@demo.local'`)).rows[0]
    .password_hash;
  const round = (
    await c.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, reviewers_per_project, criteria, recommendation_options)
       VALUES ($1, 'INITIAL', '规模测试', 'Scale test', 'DRAFT', now() + interval '1 day', now() + interval '40 days', 5, $2, '{FUND_PRIORITY,FUND,DO_NOT_FUND}')
       RETURNING id`,
      [prog.program_id, JSON.stringify(prog.criteria)],
    )
  ).rows[0].id;
  // a vocabulary of 400 keywords shared by experts and projects, so that affinities differ
  const kw = (expr) =>
    `ARRAY['kw' || ((${expr}) % 400), 'kw' || ((${expr}) * 7 % 400), 'kw' || ((${expr}) * 13 % 400)]`;
  await c.query(`CREATE TEMP TABLE b_inst AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1) n`, [I]);
  await c.query(
    `INSERT INTO institutions (id, name, name_en, city) SELECT id, '规模测试机构' || n, 'Scale institution ' || n, '深圳' FROM b_inst`,
  );
  await c.query(
    `CREATE TEMP TABLE b_exp AS SELECT n, gen_random_uuid() AS person, gen_random_uuid() AS account FROM generate_series(1, $1) n`,
    [R],
  );
  await c.query(
    `INSERT INTO persons (id, name, disciplines, keywords, in_pool)
     SELECT person, '评审专家' || n,
            CASE WHEN n % 10 = 0 THEN ARRAY[(ARRAY['MATH','MEDICINE','IT'])[1 + n % 3], (ARRAY['MATH','MEDICINE','IT'])[1 + (n + 1) % 3]]
                 ELSE ARRAY[(ARRAY['MATH','MEDICINE','IT'])[1 + n % 3]] END,
            ${kw('n')}, true
       FROM b_exp`,
  );
  await c.query(
    `INSERT INTO users (id, email, name, roles, password_hash, person_id, email_confirmed_at)
     SELECT account, 'expert' || n || '@scale.bench', '评审专家' || n, '{REVIEWER}', $1, person, now() FROM b_exp`,
    [hash],
  );
  await c.query(
    `INSERT INTO affiliations (person_id, institution_id, from_date)
     SELECT e.person, i.id, '2015-01-01' FROM b_exp e JOIN b_inst i ON i.n = 1 + e.n % $1`,
    [I],
  );
  await c.query(`CREATE TEMP TABLE b_app AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1) n`, [P]);
  await c.query(
    `INSERT INTO applications (id, program_id, external_id, direction_id, title_zh, title_en, keywords, application_code1,
                               lead_institution_id, budget_direct, submitted_at, submitted_at_text, status)
     SELECT a.id, $1, 'SCALE-' || lpad(a.n::text, 6, '0'),
            (SELECT id FROM directions WHERE program_id = $1 AND number = 1 + a.n % 14),
            '规模测试项目 ' || a.n || '：医学影像的数学理论与算法', 'Scale project ' || a.n, ${kw('a.n * 3')}, 'A0116',
            i.id, 2000000, '2023-10-18T10:00:00+08:00', '2023-10-18T10:00:00+08:00', 'UNDER_REVIEW'
       FROM b_app a JOIN b_inst i ON i.n = 1 + (a.n * 7) % $2`,
    [prog.program_id, I],
  );
  await c.query(
    `INSERT INTO application_cooperating_institutions (application_id, institution_id, position)
     SELECT a.id, i.id, 1 FROM b_app a JOIN b_inst i ON i.n = 1 + (a.n * 13 + 5) % $1`,
    [I],
  );
  // five members a project: PI (mathematics), co-PI (medicine), three more
  await c.query(
    `CREATE TEMP TABLE b_mem AS SELECT a.n AS app, k, gen_random_uuid() AS person FROM b_app a CROSS JOIN generate_series(0, 4) k`,
  );
  await c.query(
    `INSERT INTO persons (id, name, disciplines) SELECT person, '成员' || app || '-' || k,
            ARRAY[(ARRAY['MATH','MEDICINE','IT','MATH','MEDICINE'])[k + 1]] FROM b_mem`,
  );
  await c.query(
    `INSERT INTO team_members (application_id, person_id, role, discipline, senior_title, position)
     SELECT a.id, m.person, (ARRAY['PI','CO_PI','MEMBER','MEMBER','MEMBER'])[m.k + 1],
            (ARRAY['MATH','MEDICINE','IT','MATH','MEDICINE'])[m.k + 1], m.k < 2, m.k
       FROM b_mem m JOIN b_app a ON a.n = m.app`,
  );
  await c.query(
    `INSERT INTO affiliations (person_id, institution_id, from_date)
     SELECT m.person, i.id, '2016-01-01' FROM b_mem m
       JOIN b_inst i ON i.n = CASE WHEN m.k < 3 THEN 1 + (m.app * 7) % $1 ELSE 1 + (m.app * 13 + 5) % $1 END`,
    [I],
  );
  // papers: one in five joins an expert and two team members (a co-author conflict when recent)
  await c.query(`CREATE TEMP TABLE b_pub AS SELECT n, gen_random_uuid() AS id FROM generate_series(1, $1) n`, [N]);
  await c.query(
    `INSERT INTO publications (id, external_id, title, year) SELECT id, 'scale:' || n, 'Paper ' || n, 2015 + (n * 3) % 11 FROM b_pub`,
  );
  await c.query(
    `INSERT INTO publication_authors (publication_id, person_id)
     SELECT DISTINCT p.id, m.person FROM b_pub p
       CROSS JOIN generate_series(0, 1) j
       JOIN b_mem m ON m.app = 1 + ((p.n::bigint * 7919 + j * 104729) % $1) AND m.k = (p.n + j) % 5
     UNION
     SELECT p.id, e.person FROM b_pub p JOIN b_exp e ON e.n = 1 + (p.n * 31) % $2 WHERE p.n % 5 = 0`,
    [P, R],
  );
  await c.query(`INSERT INTO round_projects (round_id, application_id) SELECT $1, id FROM b_app`, [round]);
  await c.query('COMMIT');
  await c.query('ANALYZE');
  return { round, programId: prog.program_id, criteria: prog.criteria };
}

async function oneSize({ root, log, projects, experts, docs }) {
  const pg = (await import('pg')).default;
  const scale = projects / 20000;
  const size = {
    projects,
    experts,
    institutions: Math.max(50, Math.round(1000 * scale)),
    papers: Math.round(Number(process.env.SCALE_PAPERS ?? 500000) * scale),
  };
  const label = `${projects.toLocaleString('en')} × ${experts.toLocaleString('en')}`;
  const stageLines = [];
  // a replica that runs assignment jobs at this size is sized as docs/DEPLOYMENT.md says (SCALE_HEAP_MB)
  const heapMb = Number(process.env.SCALE_HEAP_MB ?? (projects > 5000 ? 3072 : 1024));
  const api = await startApi(
    'bench-scale-',
    { LOGIN_MAX_ATTEMPTS: '1000' },
    (line) => {
      if (/conflicts\.detect|assignment\.compute|ranking round=/.test(line)) stageLines.push(line);
    },
    heapMb,
  );
  const rows = [];
  const stage = (re, name) => {
    const line = [...stageLines].reverse().find((l) => re.test(l));
    const m = line && new RegExp(`${name}=(\\d+)ms`).exec(line);
    return m ? Number(m[1]) : null;
  };
  try {
    const c = new pg.Client({ connectionString: api.dbUrl });
    c.on('error', () => undefined); // the database goes with a server that dies; the table says so
    await c.connect();
    log(`scale ${label}: writing the round (${size.institutions} institutions, ${size.papers} papers)…`);
    let t0 = performance.now();
    const { round, programId } = await loadRound(c, size);
    const loadMs = performance.now() - t0;
    const post = async (query, variables, token) => {
      const r = await fetch(`${api.base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const text = await r.text();
      const body = JSON.parse(text);
      if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors).slice(0, 400)}`);
      return { data: body.data, bytes: Buffer.byteLength(text) };
    };
    const token = (
      await post('mutation { login(email:"officer@demo.local", password:"demo-officer") { accessToken } }')
    ).data.login.accessToken;
    const rss = () => {
      try {
        return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${api.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      } catch {
        return 0; // the server is gone: the request fails and says so
      }
    };
    /** Wall time, API peak RSS and PostgreSQL CPU of one operation. */
    const measure = async (fn) => {
      const before = rss();
      let peak = before;
      const timer = setInterval(() => (peak = Math.max(peak, rss())), 25);
      const pg0 = postgresCpuSeconds();
      const t = performance.now();
      try {
        const value = await fn();
        // a postgres process that exited meanwhile takes its ticks with it: never below zero
        return { ms: performance.now() - t, peak, before, pgS: Math.max(0, postgresCpuSeconds() - pg0), value };
      } finally {
        clearInterval(timer);
      }
    };
    const mem = (m) =>
      `peak RSS ${m.peak.toFixed(0)} MB (${m.before.toFixed(0)} before), PostgreSQL CPU ${m.pgS.toFixed(1)} s`;
    rows.push({
      measure: `scale ${label}: writing the round (SQL, one transaction; API heap limit ${heapMb} MB)`,
      ours: fmtMs(loadMs),
      note: `${size.institutions} institutions, ${projects * 5} team members, ${size.papers} papers`,
    });

    log(`scale ${label}: conflict detection through the API…`);
    const det = await measure(() =>
      post('mutation($r:ID!){ detectConflicts(roundId:$r){ pairs reasons } }', { r: round }, token),
    );
    const lib = stage(/conflicts\.detect/, 'library');
    rows.push({
      measure: `scale ${label}: detectConflicts (load, detect, store)`,
      ours: `${fmtMs(det.ms)}; ${mem(det)}`,
      reference: lib != null ? `library ${fmtMs(lib)}` : 'library time not logged',
      ratio: lib ? `${(det.ms / lib).toFixed(2)}×` : '',
      goal: '≤ 3× library',
      note: `${det.value.data.detectConflicts.pairs} pairs, ${det.value.data.detectConflicts.reasons} rows; stages ${stageLines.findLast((l) => /conflicts\.detect/.test(l))?.match(/load=.*?(?=")/)?.[0] ?? ''}`,
    });
    // the tab as the web opens it: one read for the matrix (500 rows at most), then the list's first
    // page; then 20 pages further on by cursor, as an officer paging through would
    const page = await measure(async () => {
      const matrix = await post(docs.get('Conflicts'), { roundId: round, first: 500 }, token);
      const list = await post(docs.get('Conflicts'), { roundId: round, first: 30 }, token);
      return {
        bytes: matrix.bytes + list.bytes,
        total: list.data.conflictPage.total,
        after: list.data.conflictPage.endCursor,
      };
    });
    rows.push({
      measure: `scale ${label}: the conflicts tab opened (matrix read + first list page)`,
      ours: `${fmtMs(page.ms)}; ${mem(page)}`,
      note: `${(page.value.bytes / 1024).toFixed(0)} KB answered, ${page.value.total} conflicts in all`,
    });
    const deep = await measure(async () => {
      let after = page.value.after;
      for (let i = 0; i < 20 && after; i++)
        after = (await post(docs.get('Conflicts'), { roundId: round, first: 30, after }, token)).data.conflictPage
          .endCursor;
    });
    rows.push({
      measure: `scale ${label}: 20 more list pages by cursor`,
      ours: `${fmtMs(deep.ms / 20)} a page; ${mem(deep)}`,
    });

    log(`scale ${label}: assignment job…`);
    const job = await measure(async () => {
      const run = (
        await post(
          docs.get('GenerateAssignments') ?? 'mutation($roundId:ID!){ generateAssignments(roundId:$roundId){ id } }',
          { roundId: round },
          token,
        )
      ).data.generateAssignments;
      for (;;) {
        const r = (await post('query($id:ID!){ assignmentRun(id:$id){ id status message } }', { id: run.id }, token))
          .data.assignmentRun;
        if (r.status === 'DONE' || r.status === 'FAILED') return r;
        await new Promise((res) => setTimeout(res, 250));
      }
    });
    const solve = stage(/assignment\.compute/, 'library');
    rows.push({
      measure: `scale ${label}: generateAssignments to DONE`,
      ours: `${fmtMs(job.ms)}; ${mem(job)}`,
      reference: solve != null ? `library ${fmtMs(solve)}` : 'library time not logged',
      ratio: solve ? `${(job.ms / solve).toFixed(2)}×` : '',
      note: `${job.value.status}${job.value.message ? ' ' + job.value.message : ''}; stages ${stageLines.findLast((l) => /assignment\.compute/.test(l))?.match(/candidates=.*?(?=")/)?.[0] ?? ''}`,
    });
    if (job.value.status === 'DONE') {
      const preview = await measure(() => post(docs.get('Run'), { id: job.value.id }, token));
      rows.push({
        measure: `scale ${label}: the assignment tab's preview query`,
        ours: `${fmtMs(preview.ms)}; ${mem(preview)}`,
        note: `${(preview.value.bytes / 1048576).toFixed(1)} MB answered (counts and chart figures)`,
      });
      // the preview's tables, a page of 20 as the web reads them: the first, and one deep in the list
      for (const offset of [0, 20000]) {
        const page = await measure(() =>
          post(
            docs.get('PreviewPage'),
            { id: job.value.id, first: 20, offset, incomplete: false, added: true, coverage: false, loads: false },
            token,
          ),
        );
        rows.push({
          measure: `scale ${label}: a page of the preview's added pairs (offset ${offset.toLocaleString('en')})`,
          ours: `${fmtMs(page.ms)}; ${mem(page)}`,
          note: `${(page.value.bytes / 1024).toFixed(0)} KB answered`,
        });
      }
      const apply = await measure(() =>
        post('mutation($r:ID!){ applyAssignmentRun(runId:$r){ added removed unchanged } }', { r: job.value.id }, token),
      );
      rows.push({
        measure: `scale ${label}: applyAssignmentRun`,
        ours: `${fmtMs(apply.ms)}; ${mem(apply)}`,
        reference: solve != null ? `library ${fmtMs(solve)}` : '',
        ratio: solve ? `job + apply ${((job.ms + apply.ms) / solve).toFixed(2)}×` : '',
        goal: 'job to applied ≤ 2× library',
        note: `${apply.value.data.applyAssignmentRun.added} added`,
      });
    }

    // every active assignment reviewed, as at the end of the round; then the ranking tab and the export
    await c.query(
      `INSERT INTO reviews (assignment_id, status, version, scores, total, rating, recommendation, comment_to_applicant, submitted_at)
       SELECT a.id, 'SUBMITTED', 2, '{}'::jsonb, 50 + (abs(hashtext(a.id::text)) % 500) / 10.0, 'GOOD', 'FUND',
              '数学问题提炼清楚，方法具有原创性，建议加强临床验证设计。', now()
         FROM assignments a WHERE a.round_id = $1 AND a.status = 'ACTIVE'`,
      [round],
    );
    const reviews = (
      await c.query(
        `SELECT count(*)::int AS n FROM reviews r JOIN assignments a ON a.id = r.assignment_id WHERE a.round_id = $1`,
        [round],
      )
    ).rows[0].n;
    await c.query('ANALYZE');
    await c.end();
    if (reviews > 0) {
      log(`scale ${label}: ranking…`);
      // the ranking tab: its first page (the ranking computed), then a later page (computed already)
      const vars = { roundId: round, method: 'CALIBRATED', first: 50 };
      const rank = await measure(() => post(docs.get('RankingPage'), { ...vars, offset: 0 }, token));
      const rlib = stage(/ranking round=/, 'library');
      rows.push({
        measure: `scale ${label}: the ranking tab opened (calibrated, ${reviews.toLocaleString('en')} reviews)`,
        ours: `${fmtMs(rank.ms)}; ${mem(rank)}`,
        reference: rlib != null ? `library ${fmtMs(rlib)}` : '',
        ratio: rlib ? `${(rank.ms / rlib).toFixed(2)}×` : '',
        note: `${(rank.value.bytes / 1024).toFixed(0)} KB answered, ${rank.value.data.rankingPage.items.length} of ${rank.value.data.rankingPage.total} rows`,
      });
      const later = await measure(() => post(docs.get('RankingPage'), { ...vars, offset: 5000 }, token));
      rows.push({
        measure: `scale ${label}: a later page of the ranking`,
        ours: `${fmtMs(later.ms)}; ${mem(later)}`,
        note: 'the ranking is computed once per state of the submitted reviews',
      });
      // the officer's other lists, with the page sizes the web asks for
      for (const [what, name, vars] of [
        ['the applications page (50 a page)', 'Projects', { programId, first: 50 }],
        ['the applications page, found by number', 'Projects', { programId, first: 50, search: 'SCALE-000042' }],
        ['the 评审意见 tab (20 a page)', 'RoundReviews', { roundId: round, first: 20 }],
        ['the 评审工作量 tab ordered by load (25 a page)', 'ReviewerPool', { roundId: round, sort: 'LOAD', first: 25 }],
        ['a project’s panel (manual assignment)', 'ProjectPanel', { roundId: round, projectId: null }],
      ]) {
        if (name === 'ProjectPanel') {
          const first = (
            await post(
              'query($r:ID!){ assignmentPage(roundId:$r, first:1){ items { project { id } } } }',
              { r: round },
              token,
            )
          ).data.assignmentPage.items[0];
          vars.projectId = first.project.id;
        }
        const got = await measure(() => post(docs.get(name), vars, token));
        const body = got.value.data ? Object.values(got.value.data)[0] : null;
        rows.push({
          measure: `scale ${label}: ${what}`,
          ours: `${fmtMs(got.ms)}; ${mem(got)}`,
          note: `${(got.value.bytes / 1024).toFixed(0)} KB answered${body?.total != null ? `, ${body.items.length} of ${body.total.toLocaleString('en')}` : ''}`,
        });
      }
      log(`scale ${label}: reviewer summaries XLSX…`);
      const xlsx = await measure(async () => {
        const res = await fetch(`${api.base}/exports/rounds/${round}/reviewer-summaries.xlsx`, {
          headers: { authorization: `Bearer ${token}` },
        });
        let bytes = 0;
        for await (const chunk of res.body) bytes += chunk.length;
        return { status: res.status, bytes };
      });
      rows.push({
        measure: `scale ${label}: reviewer summaries XLSX`,
        ours: `${fmtMs(xlsx.ms)}; ${mem(xlsx)}`,
        goal: '< 300 MB resident',
        note: `HTTP ${xlsx.value.status}, ${(xlsx.value.bytes / 1048576).toFixed(1)} MB`,
      });
    }
  } catch (e) {
    const end = await Promise.race([api.exited, new Promise((r) => setTimeout(() => r(null), 500))]);
    rows.push({
      measure: `scale ${label}: stopped`,
      ours: String(e.message ?? e).slice(0, 300),
      note: end
        ? `the server exited (${end.signal ?? end.code}): ${end.stderr.split('\n').filter(Boolean).slice(-3).join(' ').slice(0, 300)}`
        : '',
    });
  } finally {
    await api.stop();
  }
  return rows;
}

export async function benchScale({ root, log }) {
  const docs = webDocuments(root);
  const sizes = (process.env.SCALE_SIZES ?? '5000x2500,20000x8000').split(',').map((s) => s.split('x').map(Number));
  const rows = [];
  for (const [projects, experts] of sizes) rows.push(...(await oneSize({ root, log, projects, experts, docs })));
  return rows;
}
