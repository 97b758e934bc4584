import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../apps/api/src/common/auth/password';
import { startTestApp, type TestApp } from './helpers/app';

const root = join(__dirname, '..');
const FILE = join(root, 'calls/TY-SZ-2023.json');
const definition = () =>
  JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, unknown> & {
    directions: Record<string, unknown>[];
  };

describe('a call as data', () => {
  let t: TestApp;
  let officer: string;
  let reviewer: string;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    const hash = await hashPassword('Passw0rd!-call');
    await t.db.query(
      `INSERT INTO users (email, name, roles, password_hash) VALUES ('o@call.test', '主管', '{PROGRAM_OFFICER}', $1), ('r@call.test', '专家', '{REVIEWER}', $1)`,
      [hash],
    );
    officer = (await t.login('o@call.test', 'Passw0rd!-call')).accessToken;
    reviewer = (await t.login('r@call.test', 'Passw0rd!-call')).accessToken;
  });
  afterAll(() => t.close());

  const IMPORT = `mutation($d: JSON!, $dry: Boolean) { importCall(definition: $d, dryRun: $dry) {
    id code year editable rules { maxAwards phase2 { minAmount } }
    phases { phase years funders minAmount requires }
    directions { number fundingAmount contentZh noteZh conditionDetails { key textZh } targets { key labelZh unit min max } } } }`;

  it('imports the shipped 2023 call into an empty database, with every direction’s content and targets', async () => {
    expect(await t.db.query('SELECT count(*)::int AS n FROM programs')).toEqual([{ n: 0 }]);
    const dry = await t.gql(IMPORT, { d: definition(), dry: true }, officer);
    expect(dry.errors).toBeUndefined();
    expect(await t.db.query('SELECT count(*)::int AS n FROM programs')).toEqual([{ n: 0 }]); // a dry run writes nothing
    const r = await t.gql<{ importCall: Record<string, unknown> & { directions: Record<string, unknown>[] } }>(
      IMPORT,
      { d: definition() },
      officer,
    );
    expect(r.errors).toBeUndefined();
    const p = r.data!.importCall;
    expect(p).toMatchObject({
      code: 'TY-SZ-2023',
      year: 2023,
      editable: true,
      rules: { maxAwards: 14, phase2: { minAmount: 3_000_000 } },
    });
    expect(p.phases).toEqual([
      { phase: 1, years: 2, funders: ['TIANYUAN', 'SHENZHEN'], minAmount: null, requires: [] },
      { phase: 2, years: 3, funders: ['SHENZHEN'], minAmount: 3_000_000, requires: ['EXCELLENT', 'SHENZHEN_LANDING'] },
    ]);
    expect(p.directions).toHaveLength(14);
    expect(p.directions[2]).toMatchObject({
      number: 3,
      fundingAmount: 3_000_000,
      noteZh: '本项目拟资助经费 300 万元，承担单位需具有对多中心数据的统筹管理资质。',
      conditionDetails: [
        { key: 'MULTI_CENTRE_DATA_QUALIFICATION', textZh: '承担单位需具有对多中心数据的统筹管理资质' },
      ],
    });
    expect(p.directions[2].targets).toEqual(
      expect.arrayContaining([
        { key: 'hospitals', labelZh: '联合国内高水平医院', unit: '家', min: 50, max: null },
        { key: 'annotated_cases', labelZh: '其中标注数据', unit: '例', min: 10000, max: null },
      ]),
    );
    expect(String(p.directions[12].contentZh)).toContain('不少于百万名患者');
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'call.import'`);
    expect(n).toBe(1);
  });

  it('refuses a bad definition with every problem by its JSON path, and writes nothing', async () => {
    const bad = definition();
    bad.code = 'NEXT YEAR';
    bad.maxAwards = 0;
    (bad.directions[4].targets as Record<string, unknown>[])[0].min = 'thirty';
    bad.directions[6].fundingAmount = -1;
    const r = await t.gql(IMPORT, { d: bad }, officer);
    expect(r.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    expect((r.errors![0].extensions!.problems as { path: string }[]).map((p) => p.path)).toEqual([
      'code',
      'maxAwards',
      'directions[4].targets[0].min',
      'directions[6].fundingAmount',
    ]);
    expect(await t.db.query('SELECT count(*)::int AS n FROM programs')).toEqual([{ n: 1 }]);
    expect((await t.gql(IMPORT, { d: 'not a call' }, officer)).errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'definition',
    });
  });

  it('exports what it imported, and copies to a new year under a new code', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM programs WHERE code = 'TY-SZ-2023'`);
    const ex = await t.gql<{ exportCall: Record<string, unknown> }>(
      'query($p: ID!) { exportCall(programId: $p) }',
      { p: id },
      officer,
    );
    expect(ex.data!.exportCall).toEqual(definition());
    const next = { ...ex.data!.exportCall, code: 'TY-SZ-2024', year: 2024 };
    const r = await t.gql<{ importCall: { code: string; directions: unknown[] } }>(IMPORT, { d: next }, officer);
    expect(r.data!.importCall).toMatchObject({ code: 'TY-SZ-2024' });
    expect(r.data!.importCall.directions).toHaveLength(14);
    expect(await t.db.query('SELECT code FROM programs ORDER BY code')).toEqual([
      { code: 'TY-SZ-2023' },
      { code: 'TY-SZ-2024' },
    ]);
  });

  it('updates a call while no round has opened, and refuses once one has', async () => {
    const d = definition();
    d.maxAwards = 12;
    const again = await t.gql<{ importCall: { rules: { maxAwards: number } } }>(IMPORT, { d }, officer);
    expect(again.data!.importCall.rules.maxAwards).toBe(12);
    const [{ id }] = await t.db.query(`SELECT id FROM programs WHERE code = 'TY-SZ-2023'`);
    await t.db.query(
      `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, criteria, recommendation_options)
       VALUES ($1, 'INITIAL', '初评', 'initial', 'OPEN', now(), now() + interval '7 days', '[]', '{}')`,
      [id],
    );
    const late = await t.gql<{ programs: { code: string; editable: boolean }[] }>(
      '{ programs { code editable } }',
      {},
      officer,
    );
    expect(late.data!.programs).toEqual(
      expect.arrayContaining([
        { code: 'TY-SZ-2023', editable: false },
        { code: 'TY-SZ-2024', editable: true },
      ]),
    );
    const refused = await t.gql(IMPORT, { d: definition() }, officer);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'definition.code' });
    expect(refused.errors![0].extensions!.messageZh).toMatch(/已有评审轮次开始/);
  });

  it('two officers importing the same new code at once make one programme, both answered', async () => {
    const d = { ...definition(), code: 'TY-SZ-RACE', year: 2030 };
    const answers = await Promise.all(Array.from({ length: 6 }, () => t.gql(IMPORT, { d }, officer)));
    expect(answers.map((a) => a.errors)).toEqual(Array(6).fill(undefined));
    expect(await t.db.query(`SELECT count(*)::int AS n FROM programs WHERE code = 'TY-SZ-RACE'`)).toEqual([{ n: 1 }]);
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM directions d JOIN programs p ON p.id = d.program_id WHERE p.code = 'TY-SZ-RACE'`,
    );
    expect(n).toBe(14);
  });

  it('refuses an oversized definition before reading it, naming the limit', async () => {
    const huge = { ...definition(), code: 'TY-SZ-HUGE', filler: 'x'.repeat(2_000_000) };
    const r = await t.gql(IMPORT, { d: huge }, officer);
    expect(r.status).toBe(413);
    expect(await t.db.query(`SELECT count(*)::int AS n FROM programs WHERE code = 'TY-SZ-HUGE'`)).toEqual([{ n: 0 }]);
  });

  it('is for officers: a reviewer may neither import nor export', async () => {
    const [{ id }] = await t.db.query(`SELECT id FROM programs LIMIT 1`);
    expect((await t.gql(IMPORT, { d: definition() }, reviewer)).errors![0].extensions!.code).toBe('FORBIDDEN');
    expect(
      (await t.gql('query($p: ID!) { exportCall(programId: $p) }', { p: id }, reviewer)).errors![0].extensions!.code,
    ).toBe('FORBIDDEN');
  });

  it('imports from the command line (npm run -s cli -- import-call), naming every problem of a bad file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'call-'));
    try {
      const env = { ...process.env, DATABASE_URL: t.url, NODE_ENV: 'test' };
      const next = { ...definition(), code: 'TY-SZ-2025', year: 2025 };
      writeFileSync(join(dir, 'ok.json'), JSON.stringify(next));
      const dry = spawnSync(
        process.execPath,
        ['scripts/cli.mjs', 'import-call', '--in', join(dir, 'ok.json'), '--dry-run'],
        {
          cwd: root,
          env,
          encoding: 'utf8',
        },
      );
      expect(dry.stdout).toMatch(/^valid \(nothing written\): TY-SZ-2025 2025, 14 directions/);
      const ok = spawnSync(process.execPath, ['scripts/cli.mjs', 'import-call', '--in', join(dir, 'ok.json')], {
        cwd: root,
        env,
        encoding: 'utf8',
      });
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/^imported: TY-SZ-2025 2025, 14 directions, id [0-9a-f-]{36}/);
      writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...next, year: 1900, directions: [{ number: 1 }] }));
      const bad = spawnSync(process.execPath, ['scripts/cli.mjs', 'import-call', '--in', join(dir, 'bad.json')], {
        cwd: root,
        env,
        encoding: 'utf8',
      });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/year: must be a whole number from 2000 to 2100/);
      expect(bad.stderr).toMatch(/directions\[0\]\.titleZh: is required/);
      expect(bad.stderr).toMatch(/directions\[0\]\.contentZh: is required/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
