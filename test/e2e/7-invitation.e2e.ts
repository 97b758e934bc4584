import { expect, test, type Browser, type Page } from '@playwright/test';
import { shot, signedInBrowser } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * An expert's path from invitation to first score, as people do it: the officer picks a new
 * expert of the pool in the round's invitations tab and sends the invitation; the expert opens
 * the e-mail's link on a phone, sets a password, accepts fewer projects, signs the pledge; the
 * officer assigns a project; the expert is told (the bell) and opens the scoring form. English
 * for the expert, Chinese for the officer. Own server with the demo data (the mid-term round is
 * open and staffed by invitation). Screenshots: test-results/screenshots/7-invitation-*.
 */
const EXPERT = { name: '林新', email: 'lin.xin@newexpert.org', password: 'Lin-Xin-Review-2026' };

let server: AppServer;
let officerToken = '';
let roundId = '';

const api = <T>(query: string, variables: object = {}, token = officerToken): Promise<T> =>
  server.gql<T>(query, variables, token || undefined);

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  server = await startServer({ demo: true, name: 'invite' });
  officerToken = await server.login('officer@demo.local', 'demo-officer');
  const { programs } = await api<{ programs: { rounds: { id: string; kind: string; status: string }[] }[] }>(
    '{ programs { rounds { id kind status } } }',
  );
  roundId = programs.flatMap((p) => p.rounds).find((r) => r.kind === 'MIDTERM' && r.status === 'OPEN')!.id;
  // the expert is in the pool (an officer added them; the pool's own form has its test), with no account
  await api('mutation($i:ExpertInput!){ createExpert(input:$i){ id } }', {
    i: {
      name: EXPERT.name,
      emails: [EXPERT.email],
      disciplines: ['MEDICINE'],
      keywords: ['医学影像', '深度学习'],
      affiliations: [],
    },
  });
});
test.afterAll(async () => {
  await server?.stop();
});

async function newPage(browser: Browser, opts: { phone?: boolean; lang: 'zh-CN' | 'en-US' }): Promise<Page> {
  const context = await browser.newContext({
    locale: opts.lang,
    timezoneId: 'Asia/Shanghai',
    viewport: opts.phone ? { width: 390, height: 844 } : { width: 1400, height: 900 },
    isMobile: opts.phone,
    hasTouch: opts.phone,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  if (opts.lang === 'en-US') await page.addInitScript(() => localStorage.setItem('tianyuan.lang', 'en-US'));
  return page;
}

test('the officer invites a new expert from the pool, with no conflict to confirm', async ({ browser }) => {
  const page = await newPage(browser, { lang: 'zh-CN' });
  await page.goto(server.base + '/login');
  await page.getByLabel('邮箱').fill('officer@demo.local');
  await page.getByLabel('密码').fill('demo-officer');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText('officer@demo.local');
  await page.goto(`${server.base}/rounds?round=${roundId}&tab=invitations`);
  // the demo's answers are listed: reviewer30 declined with a reason, reviewer2 has not answered
  await expect(page.getByTestId('invitation-counts')).toContainText('待答复 1');
  await expect(page.getByText('时间冲突 · 12 月在国外访问讲学，无法按期完成评审。')).toBeVisible();
  await page.getByRole('searchbox', { name: '姓名、邮箱、关键词或申请代码' }).fill(EXPERT.name);
  await page.getByRole('searchbox', { name: '姓名、邮箱、关键词或申请代码' }).press('Enter');
  const row = page.locator('tbody tr.ant-table-row').filter({ hasText: EXPERT.email });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('无'); // no conflict with this round's projects
  await row.getByRole('checkbox', { name: `选择 ${EXPERT.name}` }).check();
  await page.getByTestId('invite-selected').click();
  const dialog = page.getByRole('dialog', { name: '邀请 1 位专家' });
  await dialog.getByLabel('项目主管留言').fill('诚邀您参加中期评估，重点关注医学影像方向。');
  await shot(page, '7-invitation-01-officer-invites');
  await dialog.getByRole('button', { name: '发送邀请' }).click();
  await expect(page.getByText('已向 1 位专家发出邀请')).toBeVisible();
  await expect(page.getByTestId('invitation-counts')).toContainText('待答复 2');
  // sent again (a new link; the expert uses the newest e-mail), asked first
  await page.getByRole('button', { name: `重新发送给 ${EXPERT.name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: '重新发送' }).click();
  await expect(page.getByText(`已重新发送给 ${EXPERT.name}`)).toBeVisible();
  await page.context().close();
});

test('the expert follows the link on a phone: sets a password, accepts two projects, signs the pledge', async ({
  browser,
}) => {
  // no SMTP here: the e-mail waits in the outbox, where the officer reads it to forward
  const { outbox } = await api<{ outbox: { toAddress: string; body: string }[] }>(
    'query($r:ID){ outbox(roundId:$r){ toAddress body } }',
    { r: roundId },
  );
  const mail = outbox.find((m) => m.toAddress === EXPERT.email)!;
  const link = /(https?:\/\/\S+\/invitation\/\S+)/.exec(mail.body)![1];
  expect(link.startsWith(server.base.replace('127.0.0.1', 'localhost')) || link.startsWith(server.base)).toBe(true);
  const path = new URL(link).pathname;

  const page = await newPage(browser, { phone: true, lang: 'en-US' });
  await page.goto(server.base + path);
  await expect(page.getByRole('heading', { name: 'Invitation to review' })).toBeVisible();
  await expect(page.getByTestId('invitation-status')).toHaveText('Awaiting answer');
  await expect(page.getByText('2023 projects: two-year mid-term evaluation')).toBeVisible();
  // the page fits the phone
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await page.getByLabel('Set a password').fill(EXPERT.password);
  await page.getByLabel('Repeat the password').fill('not the same one');
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await expect(page.getByText('The two passwords differ')).toBeVisible();
  await page.getByLabel('Repeat the password').fill(EXPERT.password);
  await shot(page, '7-invitation-02-link-phone');
  await page.getByRole('button', { name: 'Set password and continue' }).click();

  // signed in, on the invitations page
  await expect(page.getByRole('heading', { name: 'Invitations' })).toBeVisible();
  const card = page.getByRole('region', { name: '2023 projects: two-year mid-term evaluation' });
  await expect(card.getByTestId('my-invitation-status')).toHaveText('Awaiting answer');
  await card.getByRole('button', { name: 'Accept' }).click();
  await card.getByRole('checkbox', { name: 'I can take fewer projects' }).check();
  await card.getByLabel('At most this many projects').fill('2');
  await card.getByRole('button', { name: 'Confirm' }).click();
  await expect(card.getByTestId('my-invitation-status')).toHaveText('Accepted · at most 2');
  // the pledge, in English, before anything else
  const pledge = card.getByTestId('invitation-pledge');
  await expect(pledge).toContainText('confidential');
  await pledge.getByRole('checkbox').check();
  await shot(page, '7-invitation-03-accepted-pledge');
  await pledge.getByRole('button', { name: 'Sign the pledge' }).click();
  await expect(card.getByText('Accepted and pledge signed')).toBeVisible();
  // the link has done its one job: opened again it sets no password, it leads to the answer
  await page.goto(server.base + path);
  await expect(page.getByRole('link', { name: 'Answer in “Invitations”' })).toBeVisible();
  await expect(page.getByLabel('Set a password')).toHaveCount(0);

  // the office's view: accepted with at most 2, and a notice to the officer
  const { invitations } = await api<{ invitations: { email: string; status: string; maxLoad: number | null }[] }>(
    'query($r:ID!){ invitations(roundId:$r){ email status maxLoad } }',
    { r: roundId },
  );
  expect(invitations.find((x) => x.email === EXPERT.email)).toEqual({
    email: EXPERT.email,
    status: 'ACCEPTED',
    maxLoad: 2,
  });
  await page.context().close();
});

test('the first assignment arrives: the expert is told and opens the scoring form', async ({ browser }) => {
  // the officer seats the new expert on a project they have no conflict with
  const data = await api<{
    reviewerPool: { id: string; email: string }[];
    assignments: { project: { id: string } }[];
    conflicts: { projectId: string; reviewerId: string }[];
  }>(
    'query($r:ID!){ reviewerPool(roundId:$r){ id email } assignments(roundId:$r){ project { id } } conflicts(roundId:$r){ projectId reviewerId } }',
    { r: roundId },
  );
  const me = data.reviewerPool.find((r) => r.email === EXPERT.email)!;
  expect(me).toBeTruthy(); // accepted: offered for assignment
  const blocked = new Set(data.conflicts.filter((c) => c.reviewerId === me.id).map((c) => c.projectId));
  const project = data.assignments.map((a) => a.project.id).find((p) => !blocked.has(p))!;
  await api('mutation($r:ID!,$p:ID!,$u:ID!){ assignReviewer(roundId:$r, projectId:$p, reviewerId:$u){ id } }', {
    r: roundId,
    p: project,
    u: me.id,
  });

  const page = await newPage(browser, { phone: true, lang: 'en-US' });
  await page.goto(server.base + '/login');
  await page.getByLabel('E-mail').fill(EXPERT.email);
  await page.getByLabel('Password').fill(EXPERT.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('current-user')).toContainText(EXPERT.email);
  await expect(page.getByTestId('notice-bell')).toHaveAccessibleName(/Notices \([1-9]\d* unread\)/);
  await page.getByTestId('notice-bell').click();
  await expect(page.getByTestId('notice').first()).toContainText('New review work');
  await shot(page, '7-invitation-04-notices');
  await page.getByRole('button', { name: 'Mark all read' }).click();
  await expect(page.getByTestId('notice-bell')).toHaveAccessibleName('Notices (0 unread)');
  await page
    .getByRole('link', { name: /New review work/ })
    .first()
    .click();
  const card = page.getByTestId('assignment-card').first();
  await expect(card).toBeVisible();
  await card.click();
  // the pledge was signed with the acceptance: the form opens straight away
  await expect(page.getByTestId('pledge-text')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Submit/ })).toBeVisible();
  await shot(page, '7-invitation-05-first-review');
  await page.context().close();

  // the officer finds the signature among the round's, read from the server a page at a time
  const [{ n }] = await server.sql<{ n: number }>(`SELECT count(*)::int AS n FROM pledges WHERE round_id = $1`, [
    roundId,
  ]);
  const officer = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
  await officer.goto(`${server.base}/rounds?round=${roundId}&tab=settings`);
  await expect(officer.getByText(`已签署 ${n} 人`)).toBeVisible();
  const signers = officer.locator('.ant-card').filter({ hasText: `已签署 ${n} 人` });
  // the newest signature is on the last page
  for (let p = 1; p < Math.ceil(n / 20); p++) await signers.getByRole('button', { name: '下一页' }).click();
  await expect(signers.getByRole('cell', { name: new RegExp(EXPERT.email) })).toBeVisible();
  await officer.context().close();
});
