import { expect, test, type Browser } from '@playwright/test';
import { shot, signedInBrowser } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * A funded team's mid-term, in the browser: the second project's lead, on a phone, finishes the
 * draft the demo left (every target, the evidence, the summary, the Shenzhen landing plan where
 * committed), saves it, finds it again after a reload, and submits it; a reviewer of that project
 * then scores beside the team's figures; the first project's lead reads the reviews of the
 * finalized selection and downloads the outcome letter. Own server with the demo data.
 * Screenshots: 9-team-*.
 */
let server: AppServer;
let officer = '';
let roundId = '';
let p2 = { id: '', externalId: '' };
let reviewer = '';

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  server = await startServer({ demo: true, name: 'team' });
  officer = await server.login('officer@demo.local', 'demo-officer');
  const pi2 = await server.login('pi2@demo.local', 'demo-pi');
  const mine = await server.gql<{
    myProjects: { id: string; externalId: string; midtermRounds: { roundId: string }[] }[];
  }>('{ myProjects { id externalId midtermRounds { roundId } } }', {}, pi2);
  p2 = mine.myProjects[0];
  roundId = p2 && mine.myProjects[0].midtermRounds[0].roundId;
  const a = await server.gql<{
    assignments: { project: { id: string }; reviewer: { email: string } | null; review: { status: string } | null }[];
  }>(
    'query($r:ID!){ assignments(roundId:$r){ project { id } reviewer { email } review { status } } }',
    { r: roundId },
    officer,
  );
  reviewer = a.assignments.find((x) => x.project.id === p2.id && x.review?.status !== 'SUBMITTED')!.reviewer!.email;
});
test.afterAll(async () => {
  await server?.stop();
});

const open = (browser: Browser, email: string, password: string, phone: boolean) =>
  signedInBrowser(browser, server.base, email, password, phone);

test('a lead finishes the draft on a phone, saves, finds it after a reload, and submits', async ({ browser }) => {
  const page = await open(browser, 'pi2@demo.local', 'demo-pi', true);
  // a lead lands on their projects
  await expect(page.getByRole('heading', { name: '我的项目' })).toBeVisible();
  const form = page.getByRole('form', { name: '中期进展报告' });
  await expect(form).toBeVisible();
  // nothing wider than the phone
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  const values = form.getByRole('spinbutton', { name: /· 完成值$/ });
  const n = await values.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    await values.nth(i).fill(String(120 + i));
    await form
      .getByRole('textbox', { name: /· 佐证说明$/ })
      .nth(i)
      .fill(`第 ${i + 1} 项：见中期报告附件 ${i + 1}。`);
  }
  await form.getByLabel('进展概述').fill('数学模型已完成理论分析，多中心临床数据平台上线运行，两项指标超额完成。');
  const landing = form.getByRole('group', { name: '深圳转化落地方案（第 3–5 年）' });
  if (await landing.count()) {
    await landing.getByLabel('合作单位').fill('深圳市第二人民医院');
    await landing.getByLabel('落地地点').fill('深圳市福田区');
    await landing.getByLabel('里程碑').fill('第三年临床试用，第四年推广，第五年转化。');
    await landing.getByLabel('申请金额（元，不少于 300 万）').fill('3200000');
  }
  await expect(page.getByTestId('report-save-state')).toHaveText('有未保存的修改');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByTestId('report-save-state')).toHaveText(/已保存（第 \d+ 版）/);
  // the form keeps what was typed once the save is answered
  await expect(form.getByRole('spinbutton', { name: /· 完成值$/ }).first()).toHaveValue('120');
  await expect(form.getByLabel('进展概述')).toHaveValue(/两项指标超额完成/);
  // a second edit after the save goes in the next version, on top of the first
  await form
    .getByRole('textbox', { name: /· 佐证说明$/ })
    .first()
    .fill('第 1 项：合作医院 52 家，名单见附件。');
  await form.getByRole('button', { name: '保存草稿' }).click();
  await expect(page.getByTestId('report-save-state')).toHaveText(/已保存（第 \d+ 版）/);
  await shot(page, '9-team-01-draft');

  // the figures are on the server: a reload shows them
  await page.reload();
  await expect(form.getByRole('spinbutton', { name: /· 完成值$/ }).first()).toHaveValue('120');
  await expect(form.getByLabel('进展概述')).toHaveValue(/两项指标超额完成/);
  await expect(form.getByRole('textbox', { name: /· 佐证说明$/ }).first()).toHaveValue(
    '第 1 项：合作医院 52 家，名单见附件。',
  );
  await expect(form.getByRole('spinbutton', { name: /· 完成值$/ }).nth(n - 1)).toHaveValue(String(120 + n - 1));

  await form.getByRole('button', { name: '提交报告' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交报告' }).click();
  await expect(page.getByText('报告已提交').first()).toBeVisible();
  const view = page.getByTestId('report-view').first();
  await expect(view).toContainText('已提交');
  await expect(view.getByTestId('report-target').first()).toContainText('120');
  await shot(page, '9-team-02-submitted');
  await page.context().close();
});

test('a reviewer of the project scores beside the team’s figures and the call’s numbers', async ({ browser }) => {
  const page = await open(browser, reviewer, 'demo-reviewer', false);
  await page.goto(server.base + '/reviews');
  await page.getByRole('row').filter({ hasText: p2.externalId }).getByRole('link').first().click();
  // the round's pledge first, where it is asked for
  const gate = page.getByTestId('pledge-text');
  const scoring = page.getByRole('form', { name: '评分' });
  await expect(gate.or(scoring)).toBeVisible();
  if (await gate.isVisible()) {
    await page.getByText('我已阅读并承诺遵守以上各项').click();
    await page.getByRole('button', { name: '签署并开始评审' }).click();
  }
  const report = page.getByTestId('review-report');
  await expect(report).toContainText('中期进展报告');
  await expect(report).toContainText('已提交');
  await expect(report.getByTestId('report-target').first()).toContainText('指南要求');
  await expect(report.getByTestId('report-target').first()).toContainText('120');
  await expect(report).toContainText('两项指标超额完成');
  await expect(scoring).toBeVisible();
  await shot(page, '9-team-03-reviewer');
  await page.context().close();
});

test('the first lead reads the finalized selection’s reviews and downloads the outcome letter', async ({ browser }) => {
  const page = await open(browser, 'pi1@demo.local', 'demo-pi', false);
  await page.getByRole('link', { name: '我的项目' }).click();
  const feedback = page.getByTestId('feedback');
  await expect(feedback).toContainText('决定：资助');
  await expect(feedback).toContainText('专家 R1');
  // their own report, submitted in the demo: read-only, one target below the call's number
  await expect(page.getByTestId('report-view').first()).toContainText('未达到');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    feedback.getByRole('button', { name: '下载评审结果通知（PDF）' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^feedback-APP-2023-\d{3}\.pdf$/);
  await shot(page, '9-team-04-feedback');
  // English, one language at a time
  await page.getByRole('button', { name: /English/ }).click();
  await expect(page.getByRole('heading', { name: 'My projects' })).toBeVisible();
  await expect(page.getByTestId('feedback')).toContainText('Decision: Fund');
  await expect(page.getByText('决定：资助')).toHaveCount(0);
  await page.context().close();
});
