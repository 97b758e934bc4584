import type { TestApp } from './app';

/** Creates an INITIAL round for the demo call, assigns it with the solver and opens it. */
export async function assignedOpenRound(t: TestApp, officer: string, opts: { closesAt?: string } = {}) {
  const programs = await t.gql<{ programs: { id: string }[] }>('{ programs { id } }', {}, officer);
  const programId = programs.data!.programs[0].id;
  const created = await t.gql<{
    createRound: { id: string; criteria: { key: string; min: number; max: number; step: number }[] };
  }>(
    `mutation($p:ID!,$i:CreateRoundInput!){ createRound(programId:$p, input:$i){ id criteria { key min max step } } }`,
    {
      p: programId,
      i: {
        kind: 'INITIAL',
        nameZh: '2023 初评',
        nameEn: '2023 initial selection',
        opensAt: new Date(Date.now() - 3600e3).toISOString().replace('Z', '+00:00'),
        closesAt: opts.closesAt ?? '2099-12-31T16:00:00+08:00',
        reviewersPerProject: 5,
      },
    },
    officer,
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  const roundId = created.data.createRound.id;
  const run = await t.gql<{ generateAssignments: { id: string } }>(
    'mutation($r:ID!){ generateAssignments(roundId:$r){ id status } }',
    { r: roundId },
    officer,
  );
  if (!run.data) throw new Error(JSON.stringify(run.errors));
  const runId = run.data.generateAssignments.id;
  let status = '';
  for (let i = 0; i < 200 && status !== 'DONE' && status !== 'FAILED'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const s = await t.gql<{ assignmentRun: { status: string; message: string } }>(
      'query($id:ID!){ assignmentRun(id:$id){ status message } }',
      { id: runId },
      officer,
    );
    status = s.data!.assignmentRun.status;
  }
  if (status !== 'DONE')
    throw new Error(
      `assignment run ${status}: ${JSON.stringify(await t.db.query('SELECT status, message FROM jobs'))}`,
    );
  const applied = await t.gql(
    'mutation($id:ID!){ applyAssignmentRun(runId:$id){ added removed unchanged } }',
    { id: runId },
    officer,
  );
  if (applied.errors) throw new Error(JSON.stringify(applied.errors));
  const opened = await t.gql('mutation($r:ID!){ openRound(roundId:$r){ status } }', { r: roundId }, officer);
  if (opened.errors) throw new Error(JSON.stringify(opened.errors));
  return { programId, roundId, runId, criteria: created.data.createRound.criteria };
}
