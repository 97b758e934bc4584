import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeSync, openSync } from 'node:fs';
import { writeJson } from '../apps/api/src/cli/json-out';
import { lpOptimum } from './helpers/highs-assign';
import { assignInstance, checkAssignment, conflictsInstance, type AssignInstance } from './helpers/instances';

const root = join(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'cli-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['scripts/cli.mjs', ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });

describe('JSON commands of the contract', () => {
  it('conflicts: the pair set equals the generator’s independent reference (2,000 projects × 800 reviewers × 50,000 papers)', () => {
    const data = join(dir, 'coi.json');
    const gen = conflictsInstance({ projects: 2000, reviewers: 800, pubs: 50_000, institutions: 400, seed: 11 });
    writeFileSync(data, JSON.stringify(gen.dataset));
    const out = join(dir, 'conflicts.json');
    const r = cli(['conflicts', '--in', data, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const got = (
      JSON.parse(readFileSync(out, 'utf8')) as {
        conflicts: { project: string; reviewer: string; reasons: unknown[] }[];
      }
    ).conflicts;
    const expected = gen.pairs;
    expect(got.length).toBeGreaterThan(1000);
    expect(got.map((c) => `${c.project}/${c.reviewer}`).sort()).toEqual(expected);
    expect(got.every((c) => c.reasons.length > 0)).toBe(true);
  });

  it('streams its output: the file and standard output hold exactly what JSON.stringify gives', () => {
    const data = join(dir, 'coi-stream.json');
    const gen = conflictsInstance({ projects: 600, reviewers: 300, pubs: 10_000, institutions: 120, seed: 5 });
    writeFileSync(data, JSON.stringify(gen.dataset));
    const out = join(dir, 'conflicts-stream.json');
    expect(cli(['conflicts', '--in', data, '--out', out]).status).toBe(0);
    const piped = cli(['conflicts', '--in', data]);
    expect(piped.status).toBe(0);
    const file = readFileSync(out, 'utf8');
    expect(piped.stdout).toBe(file);
    expect(file).toBe(JSON.stringify(JSON.parse(file)) + '\n');
    expect(file.length).toBeGreaterThan(1 << 20); // more than one chunk
    // odd values are written as JSON.stringify writes them
    const odd = {
      a: [1, undefined, () => 1, null, { b: undefined, c: [undefined] }],
      d: undefined,
      e: new Date(0),
      f: { g: { h: 'é"\\\n', i: Number.NaN } },
      '键"': 'ü',
      // more elements than one batch, with holes and values JSON.stringify changes on the way
      many: Object.assign(new Array<unknown>(600), { 3: 'x', 599: { n: new Date(1) } }).map((x, i) =>
        i % 7 === 0 ? undefined : i % 11 === 0 ? () => i : x,
      ),
      holes: new Array<unknown>(300),
    };
    const f = join(dir, 'odd.json');
    const fd = openSync(f, 'w');
    writeJson(fd, odd);
    closeSync(fd);
    expect(readFileSync(f, 'utf8')).toBe(JSON.stringify(odd) + '\n');
  });

  it('conflicts and eligibility refuse bad input with one line naming the record, exit 2', () => {
    const f = join(dir, 'bad.json');
    writeFileSync(
      f,
      JSON.stringify({
        asOf: '2026-06-30',
        persons: [{ id: 'A' }],
        projects: [{ id: 'P', members: [{ person: 'B' }] }],
        reviewers: ['A'],
      }),
    );
    const r = cli(['conflicts', '--in', f]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toBe('error: projects[0] (P).members[0].person: unknown person "B"');
    writeFileSync(f, '{"applications": [{"id": "X", "direction": 1}]}');
    const e = cli(['eligibility', '--in', f]);
    expect(e.status).toBe(2);
    expect(e.stderr.trim().split('\n')).toHaveLength(1);
    expect(e.stderr).toMatch(/applications\[0\] \(X\)\.submittedAt/);
    const missing = cli(['eligibility', '--in', join(dir, 'nope.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no such file/);
    writeFileSync(f, '{ not json');
    const malformed = cli(['conflicts', '--in', f]);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/not valid JSON/);
  });

  it('eligibility writes the contract’s output to stdout with --out -', () => {
    const f = join(dir, 'apps.json');
    writeFileSync(
      f,
      JSON.stringify({
        applications: [
          {
            id: 'APP-1',
            direction: 3,
            submittedAt: '2023-10-20T15:59:00+08:00',
            applicationCode1: 'A0116',
            leadInstitution: 'I1',
            cooperatingInstitutions: ['I2'],
            conditionsMet: ['MULTI_CENTRE_DATA_QUALIFICATION'],
            budget: { direct: 3100000, indirect: 0 },
            members: [
              {
                person: 'P1',
                role: 'PI',
                discipline: 'MATH',
                seniorTitle: true,
                ledBasicResearch: true,
                status: 'EMPLOYED',
              },
              {
                person: 'P2',
                role: 'CO_PI',
                discipline: 'MEDICINE',
                seniorTitle: true,
                ledBasicResearch: true,
                status: 'EMPLOYED',
              },
              { person: 'P3', role: 'MEMBER', discipline: 'IT', status: 'STUDENT' },
            ],
          },
        ],
      }),
    );
    const r = cli(['eligibility', '--in', f, '--out', '-']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      results: [
        {
          application: 'APP-1',
          eligible: false,
          failures: [
            {
              rule: 'BUDGET',
              message:
                '直接费用 3,100,000 超过方向 3 的资助额度 3,000,000 / direct costs 3,100,000 exceed direction 3 funding 3,000,000',
            },
          ],
        },
      ],
    });
  });
});

describe('assign', () => {
  it('solves a generated instance; the reference check finds it valid and equal to the HiGHS optimum', async () => {
    const inst = join(dir, 'assign.json');
    const instance = assignInstance({
      projects: 200,
      reviewers: 120,
      cand: 25,
      k: 5,
      seed: 5,
      multi: 0.3,
      locked: 0.05,
    });
    writeFileSync(inst, JSON.stringify(instance));
    const out = join(dir, 'solution.json');
    const r = cli(['assign', '--in', inst, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ref = await lpOptimum(JSON.parse(readFileSync(inst, 'utf8')));
    expect(ref).not.toBeNull();
    expect(checkAssignment(instance, JSON.parse(readFileSync(out, 'utf8')), ref!)).toBeNull();
  });

  it('runs the fair and randomized objectives; the reference check finds both valid', () => {
    const inst = JSON.parse(readFileSync(join(dir, 'assign.json'), 'utf8')) as Record<string, unknown>;
    for (const extra of [{ objective: 'fair' }, { objective: 'randomized', maxProbability: 0.6, seed: 3 }]) {
      const f = join(dir, `assign-${extra.objective}.json`);
      writeFileSync(f, JSON.stringify({ ...inst, ...extra }));
      const out = join(dir, `solution-${extra.objective}.json`);
      const r = cli(['assign', '--in', f, '--out', out]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const sol = JSON.parse(readFileSync(out, 'utf8')) as {
        status: string;
        stages?: unknown[];
        expectedObjective?: number;
      };
      expect(sol.status).toBe('optimal');
      if (extra.objective === 'fair') expect(sol.stages).toHaveLength(2);
      else expect(sol.expectedObjective).toBeGreaterThan(0);
      expect(checkAssignment(inst as unknown as AssignInstance, JSON.parse(readFileSync(out, 'utf8')))).toBeNull();
    }
  });

  it('answers an infeasible instance with status infeasible and exit 0', () => {
    const inst = join(dir, 'inf.json');
    writeFileSync(
      inst,
      JSON.stringify({
        reviewersPerProject: 2,
        projects: [{ id: 'P1', requires: ['IT'] }],
        reviewers: [{ id: 'R1', disciplines: ['MATH'], maxLoad: 1 }],
        candidates: [['P1', 'R1', 0.5]],
      }),
    );
    const r = cli(['assign', '--in', inst]);
    expect(r.status).toBe(0);
    const sol = JSON.parse(r.stdout);
    expect(sol.status).toBe('infeasible');
    expect(sol.reasons).toEqual(
      expect.arrayContaining([
        "total capacity 1 < 2 seats: raise reviewers' maxLoad or add reviewers",
        'P1 has 0 non-conflicted IT candidates: add a IT reviewer as a candidate',
      ]),
    );
  });
});

describe('rank', () => {
  it('ranks per the contract and refuses a non-finite score', () => {
    const f = join(dir, 'reviews.json');
    writeFileSync(
      f,
      JSON.stringify({
        method: 'mean',
        scale: { min: 0, max: 100 },
        seed: 1,
        reviews: [
          { project: 'P1', reviewer: 'R1', score: 87.5 },
          { project: 'P2', reviewer: 'R1', score: 90 },
        ],
      }),
    );
    const r = cli(['rank', '--in', f]);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(
      out.ranking.map((x: { project: string; rank: number; percentile: number }) => [x.project, x.rank, x.percentile]),
    ).toEqual([
      ['P2', 1, 25],
      ['P1', 2, 75],
    ]);
    writeFileSync(f, '{"reviews":[{"project":"P1","reviewer":"R1","score":"high"}]}');
    const bad = cli(['rank', '--in', f]);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('error: reviews[0].score: must be a finite number (got "high")');
  });
});
