import { expect, test, type Browser, type Page } from '@playwright/test';
import { shot, signedInBrowser } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * A panel meeting held in four browsers: the chair on a desktop, three members on phones. The
 * chair marks attendance and moves to a project; the members' screens follow without reloading
 * (the subscription); a member with a conflict is told to leave and gets no vote; the others vote
 * secretly; nobody sees a count until the chair closes the ballot; then everyone sees the result.
 * Own server with the demo data (the open mid-term round). Screenshots: 8-panel-*.
 */
let server: AppServer;
let officer = '';
let meetingId = '';
let projectId = '';
let externalId = '';
let chair = { email: '', name: '' };
let voters: { email: string; name: string }[] = [];
let recused = { email: '', name: '' };

const api = <T>(query: string, variables: object = {}, token = officer): Promise<T> =>
  server.gql<T>(query, variables, token || undefined);

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  server = await startServer({ demo: true, name: 'panel' });
  officer = await server.login('officer@demo.local', 'demo-officer');
  const { programs } = await api<{ programs: { rounds: { id: string; kind: string; status: string }[] }[] }>(
    '{ programs { rounds { id kind status } } }',
  );
  const roundId = programs.flatMap((p) => p.rounds).find((r) => r.kind === 'MIDTERM' && r.status === 'OPEN')!.id;
  const data = await api<{
    reviewerPool: { id: string; name: string; email: string }[];
    conflicts: { projectId: string; reviewerId: string; overridden: boolean }[];
    assignments: { project: { id: string; externalId: string } }[];
  }>(
    'query($r:ID!){ reviewerPool(roundId:$r){ id name email } conflicts(roundId:$r){ projectId reviewerId overridden } assignments(roundId:$r){ project { id externalId } } }',
    { r: roundId },
  );
  // a project exactly one of four chosen reviewers must leave the room for
  const blocked = new Set(data.conflicts.filter((c) => !c.overridden).map((c) => `${c.projectId}|${c.reviewerId}`));
  const projects = [...new Map(data.assignments.map((a) => [a.project.id, a.project])).values()];
  let picked: { project: { id: string; externalId: string }; panel: typeof data.reviewerPool } | null = null;
  for (const p of projects) {
    const out = data.reviewerPool.filter((r) => blocked.has(`${p.id}|${r.id}`));
    const free = data.reviewerPool.filter((r) => !blocked.has(`${p.id}|${r.id}`));
    if (out.length >= 1 && free.length >= 3) {
      picked = { project: p, panel: [free[0], free[1], free[2], out[0]] };
      break;
    }
  }
  expect(picked).not.toBeNull();
  projectId = picked!.project.id;
  externalId = picked!.project.externalId;
  const [c, v1, v2, r] = picked!.panel;
  chair = c;
  voters = [v1, v2];
  recused = r;
  const created = await api<{ createPanelMeeting: { id: string } }>(
    'mutation($i:PanelMeetingInput!){ createPanelMeeting(input:$i){ id } }',
    {
      i: {
        roundId,
        titleZh: '2023年度项目中期答辩会',
        titleEn: '2023 projects: mid-term defence',
        startsAt: new Date(Date.now() + 3600e3).toISOString(),
        location: '深圳',
        members: [
          { userId: c.id, role: 'CHAIR' },
          { userId: v1.id, role: 'MEMBER' },
          { userId: v2.id, role: 'MEMBER' },
          { userId: r.id, role: 'MEMBER' },
        ],
        projectIds: [projectId],
        rules: { changeableVotes: true },
      },
    },
  );
  meetingId = created.createPanelMeeting.id;
});
test.afterAll(async () => {
  await server?.stop();
});

/** The grade the item's project holds now (as officers read it). */
const panelGrade = async () =>
  (
    await server.gql<{ panelMeeting: { items: { panelGrade: string | null }[] } }>(
      'query($id:ID!){ panelMeeting(id:$id){ items { panelGrade } } }',
      { id: meetingId },
      officer,
    )
  ).panelMeeting.items[0].panelGrade;

/** A member's own browser at the meeting: the chair on a desktop, members on phones. */
async function open(browser: Browser, email: string, phone: boolean): Promise<Page> {
  const page = await signedInBrowser(browser, server.base, email, 'demo-reviewer', phone);
  await page.goto(`${server.base}/panels/${meetingId}`);
  await expect(page.getByRole('heading', { name: '2023年度项目中期答辩会' })).toBeVisible();
  return page;
}

test('a chair and three members hold an item: attendance, the move, recusal, a secret ballot, the result', async ({
  browser,
}) => {
  const chairPage = await open(browser, chair.email, false);
  const members = await Promise.all([...voters, recused].map((m) => open(browser, m.email, true)));
  for (const p of members) await expect(p.getByTestId('panel-live')).toHaveText('实时同步');

  // the chair marks everyone present
  for (const m of [chair, ...voters, recused]) await chairPage.getByRole('switch', { name: `${m.name} 出席` }).click();
  await expect(chairPage.getByText('出席 4 / 4')).toBeVisible();

  // and moves to the project: every member's screen follows
  await chairPage.getByRole('button', { name: `讨论此项：${externalId}` }).click();
  for (const p of members) await expect(p.getByTestId('panel-current')).toContainText(externalId);
  const [first, second, conflicted] = members;
  await expect(conflicted.getByTestId('panel-leave')).toBeVisible();
  await expect(first.getByTestId('panel-recused')).toContainText(recused.name);
  await expect(first.getByText(/通讯评审：\d+ 份意见/)).toBeVisible();
  // the calibrated score with its interval, and the anonymised reviews a tap away
  await expect(first.getByTestId('panel-summary')).toContainText(
    /校准得分 [\d.]+（95% 区间 [\d.]+–[\d.]+），排名第 \d+/,
  );
  await first.getByText('通讯评审意见（匿名）').click();
  await expect(first.getByTestId('panel-reviews')).toContainText('R1');
  await expect(conflicted.getByText(/通讯评审：/)).toHaveCount(0);
  await expect(conflicted.getByTestId('panel-summary')).toHaveCount(0);

  // the ballot: members vote from their phones; the conflicted member has no buttons
  await chairPage.getByRole('button', { name: '开始投票' }).click();
  await expect(first.getByTestId('vote-buttons')).toBeVisible();
  await expect(conflicted.getByTestId('ballot-open')).toBeVisible();
  await expect(conflicted.getByTestId('vote-buttons')).toHaveCount(0);
  await shot(first, '8-panel-01-member-votes');
  await shot(conflicted, '8-panel-02-recused-member');
  // this meeting lets votes change: the first member votes no, then changes to yes from the same phone
  await first.getByRole('button', { name: /反\s*对/ }).click();
  await expect(first.getByTestId('voted')).toContainText('您的投票：反对 · 表决结束前可更改');
  await expect(chairPage.getByTestId('ballot-open')).toHaveText('投票中：已投 1 / 3');
  await first.getByRole('button', { name: /赞\s*成/ }).click();
  await expect(first.getByTestId('voted')).toContainText('您的投票：赞成');
  await expect(first.getByRole('button', { name: /赞\s*成/ })).toBeDisabled();
  await expect(chairPage.getByTestId('ballot-open')).toHaveText('投票中：已投 1 / 3');
  await second.getByRole('button', { name: /反\s*对/ }).click();
  await chairPage.getByRole('button', { name: /赞\s*成/ }).click();
  await expect(chairPage.getByTestId('ballot-open')).toHaveText('投票中：已投 3 / 3');
  // no count while open, for anyone
  await expect(second.getByTestId('ballot-result')).toHaveCount(0);
  await shot(chairPage, '8-panel-03-chair-console');
  await chairPage.getByRole('button', { name: '结束投票' }).click();
  // 2 yes of 3 eligible present: more than half, quorum 3 of 3
  for (const p of [chairPage, ...members])
    await expect(p.getByTestId('ballot-result')).toContainText('赞成 2 · 反对 1 · 弃权 0（有表决权 3 人）');
  await expect(conflicted.getByTestId('ballot-result')).toContainText('通过');
  await shot(second, '8-panel-04-result');

  // the chair's notes for the minutes, and the panel's grade with its reason (a mid-term defence)
  await chairPage.getByLabel('组长记录').fill('团队答辩清晰，合作医院数据已到位。');
  await chairPage.getByRole('button', { name: '保存记录' }).click();
  await expect(chairPage.getByText('已保存').first()).toBeVisible();
  await expect(first.getByText('团队答辩清晰，合作医院数据已到位。')).toBeVisible();
  await chairPage.getByRole('combobox', { name: '专家组评定等级' }).click();
  await chairPage.getByTitle('优秀').click();
  await chairPage.getByLabel('评定理由').fill('超额完成考核指标');
  await chairPage.getByRole('button', { name: '评定等级' }).click();
  await expect.poll(panelGrade).toBe('EXCELLENT');

  // then the panel puts a grade to the vote: carried, it is the panel's grade
  await chairPage.getByRole('combobox', { name: '表决内容' }).click();
  await chairPage.getByTitle('评为“合格”').click();
  await chairPage.getByRole('button', { name: '开始投票' }).click();
  for (const p of [chairPage, ...members]) await expect(p.getByTestId('ballot-grade')).toHaveText('表决：拟评为“合格”');
  for (const p of [first, second, chairPage]) await p.getByRole('button', { name: /赞\s*成/ }).click();
  await expect(chairPage.getByTestId('ballot-open')).toHaveText('投票中：已投 3 / 3');
  await chairPage.getByRole('button', { name: '结束投票' }).click();
  await expect(first.getByTestId('ballot-result')).toContainText('赞成 3 · 反对 0 · 弃权 0（有表决权 3 人）');
  await expect.poll(panelGrade).toBe('PASS');

  // the room display shows the same, read-only
  await chairPage.goto(`${server.base}/panels/${meetingId}/room`);
  await expect(chairPage.getByTestId('panel-current')).toContainText(externalId);
  await expect(chairPage.getByRole('button', { name: '开始投票' })).toHaveCount(0);
  await shot(chairPage, '8-panel-05-room');
  for (const p of [chairPage, ...members]) await p.context().close();
});

test('an officer sets up a meeting in the browser, with an expert of the pool from outside the round', async ({
  browser,
}) => {
  const { programs } = await api<{ programs: { rounds: { id: string; kind: string; status: string }[] }[] }>(
    '{ programs { rounds { id kind status } } }',
  );
  const roundId = programs.flatMap((p) => p.rounds).find((r) => r.kind === 'MIDTERM' && r.status === 'OPEN')!.id;
  const pools = await api<{ inRound: { id: string; name: string }[]; all: { id: string; name: string }[] }>(
    'query($r:ID!){ inRound: reviewerPool(roundId:$r){ id name } all: reviewerPool { id name } }',
    { r: roundId },
  );
  const inRound = new Set(pools.inRound.map((x) => x.id));
  const outsider = pools.all.find((x) => !inRound.has(x.id))!;
  expect(outsider).toBeDefined();
  const [chairOf, m1, m2] = pools.inRound;

  const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
  await page.goto(`${server.base}/rounds?round=${roundId}`);
  await page.getByRole('tab', { name: '会议评审' }).click();
  const pick = async (label: string, name: string) => {
    await page.getByRole('combobox', { name: label, exact: true }).click();
    await page.getByRole('combobox', { name: label, exact: true }).fill(name);
    await page.locator('.ant-select-dropdown:visible').getByTitle(name, { exact: true }).click();
    await page.keyboard.press('Escape');
  };
  await pick('组长', chairOf.name);
  for (const x of [m1, m2, outsider]) await pick('成员', x.name);
  await page.getByText('允许成员在表决结束前改票（无记名）').click();
  await page.getByRole('button', { name: '创建会议' }).click();
  await expect(page.getByText('已创建评审会议')).toBeVisible();
  const created = page.getByRole('link', { name: /答辩会/ }).last();
  await expect(created).toBeVisible();
  // stored as chosen: the outsider a member, the rules as ticked
  const { panelMeetings } = await api<{
    panelMeetings: { members: { userId: string; role: string }[]; rules: { changeableVotes: boolean } }[];
  }>('query($r:ID!){ panelMeetings(roundId:$r){ members { userId role } rules { changeableVotes } } }', {
    r: roundId,
  });
  const mine = panelMeetings.find((x) => x.members.some((y) => y.userId === outsider.id))!;
  expect(mine.rules.changeableVotes).toBe(true);
  expect(mine.members).toEqual(
    expect.arrayContaining([
      { userId: chairOf.id, role: 'CHAIR' },
      { userId: outsider.id, role: 'MEMBER' },
    ]),
  );
  await shot(page, '8-panel-06-officer-creates');
  await page.context().close();
});
