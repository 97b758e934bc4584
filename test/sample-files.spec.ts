import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword } from '../apps/api/src/common/auth/password';
import { DEMO_INELIGIBLE } from '../apps/api/src/seed/demo-applications';
import { DEMO_INSTITUTIONS, DEMO_REVIEWERS } from '../apps/api/src/seed/demo-data';
import { sampleFiles } from '../apps/api/src/seed/sample-files';
import { startTestApp, type TestApp } from './helpers/app';

/**
 * A newcomer's year from an empty database, at the API: the shipped call, then the sample files
 * (`cli sample-files`) in the order an officer brings them. Each import is all or nothing, and the
 * demo's planted ineligible applications are found again by the screen.
 */
describe('sample files on an empty database', () => {
  let t: TestApp;
  let officer: string;
  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
    await t.db.query(
      `INSERT INTO users (email, name, roles, password_hash) VALUES ('o@year.test', '主管', '{PROGRAM_OFFICER}', $1)`,
      [await hashPassword('Passw0rd!-year')],
    );
    officer = (await t.login('o@year.test', 'Passw0rd!-year')).accessToken;
  });
  afterAll(() => t.close());

  const post = (path: string, body: Buffer) =>
    t.http.post(path).set('authorization', `Bearer ${officer}`).attach('file', body, 'f.csv');

  it('imports the call, institutions, experts, applications and publications; screens as the demo does', async () => {
    const files = sampleFiles();
    const call = JSON.parse(readFileSync(join(__dirname, '..', 'calls', 'TY-SZ-2023.json'), 'utf8'));
    const p = await t.gql<{ importCall: { id: string } }>(
      'mutation($d:JSON!){ importCall(definition:$d){ id } }',
      { d: call },
      officer,
    );
    const programId = p.data!.importCall.id;
    // applications before their institutions: refused by line, nothing stored
    const early = await post(`/imports/applications?programId=${programId}`, files['applications.csv']);
    expect(early.status).toBe(400);
    expect(early.body.errors[0].field).toBe('lead_institution');
    expect((await post('/imports/institutions', files['institutions.csv'])).body).toMatchObject({
      created: DEMO_INSTITUTIONS.length,
      updated: 0,
    });
    const experts = await post('/imports/experts', files['experts.csv']);
    expect(experts.body).toMatchObject({ created: DEMO_REVIEWERS.length, updated: 0 });
    const apps = await post(`/imports/applications?programId=${programId}`, files['applications.csv']);
    expect(apps.body).toMatchObject({ imported: 40, created: 40 });
    const pubs = await post('/imports/publications', files['publications.csv']);
    expect(pubs.body).toMatchObject({ imported: 3, created: 3 });
    await t.gql('mutation($p:ID!){ screenApplications(programId:$p){ screened } }', { p: programId }, officer);
    const rows: { external_id: string; rules: string[] }[] = await t.db.query(
      `SELECT external_id, ARRAY(SELECT f->>'rule' FROM jsonb_array_elements(eligibility_failures) f) AS rules
         FROM applications WHERE NOT eligible ORDER BY external_id`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.external_id, r.rules]))).toEqual(DEMO_INELIGIBLE);
    // the experts with their former institutions, as the demo seeds them
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM affiliations a JOIN persons p ON p.id = a.person_id WHERE p.in_pool AND a.to_date IS NOT NULL`,
    );
    expect(n).toBe(DEMO_REVIEWERS.filter((r) => r.former).length);
  });
});
