import { readFileSync } from 'node:fs';
import { onePagePdf } from '../helpers/pdf';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { addTargetsCriterion, confirmDialog, openBudget, shot, chooseRound } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * A whole year from an empty database, in the web only (plus the files an officer brings): the
 * call, the institutions and the expert pool, reviewer accounts made from experts, applications
 * and their screening, an applicant's exclusions, the initial round with a rubric of the officer's
 * own, publications with a preview of the conflicts they add, the assignment, three or more
 * reviewers scoring, ranking, awards within the budget, finalizing; then the mid-term round with a
 * report uploaded, reviewers scoring against the targets, CONTINUE with phase-2 money, COMPLETE and
 * TERMINATE, the budget exported and the reviewer summaries. Screenshots: test-results/screenshots/6-year-*.
 */
const CALL_FILE = join(__dirname, '..', '..', 'calls', 'TY-SZ-2023.json');
const OFFICER = { email: 'chief@year.test', password: 'Stars-Over-Shenzhen-7' };
const REVIEWER_PASSWORD = 'Review-Year-2026!';
/** The experts made reviewer accounts: two or three of each discipline, REV-004 among them (a paper with a PI is in the sample). */
const REVIEWERS = ['REV-001', 'REV-002', 'REV-004', 'REV-013', 'REV-014', 'REV-023', 'REV-024'];

let server: AppServer;
let page: Page;
let samples: string;
const accounts: { name: string; email: string }[] = [];

test.describe.configure({ mode: 'serial' });
test.setTimeout(240_000);

test.beforeAll(async ({ browser }: { browser: Browser }) => {
  server = await startServer({ demo: false, name: 'year' });
  const admin = server.cli(
    ['create-user', '--email', OFFICER.email, '--role', 'ADMIN,PROGRAM_OFFICER', '--name', '年度主管'],
    OFFICER.password + '\n',
  );
  expect(admin.stderr).toBe('');
  samples = join(server.dataDir, 'samples');
  const files = server.cli(['sample-files', '--out', samples, '--applications', '6']);
  expect(files.status).toBe(0);
  // one page across the steps, as one officer's browser (the config's defaults, spelled out for a page made here)
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});
test.afterAll(async () => {
  await page?.context().close();
  await server?.stop();
});

async function signIn(email: string, password: string) {
  await page.goto(server.base + '/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText(email);
}
async function signOut() {
  await page.getByRole('button', { name: /退出登录/ }).click();
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
}
/** Drops a file on an import card, checks its preview and confirms. */
async function importWithPreview(testId: string, file: string, preview: RegExp, done: RegExp) {
  const card = page.getByTestId(testId);
  await card.locator('input[type=file]').setInputFiles(join(samples, file));
  await expect(card.getByText(preview)).toBeVisible();
  await card.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText(done)).toBeVisible();
}
/** A minute ago, as a datetime-local field in Beijing time takes it (scoring starts now). */
const beijingNow = () =>
  new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  })
    .format(new Date(Date.now() - 60_000))
    .replace(' ', 'T');

/** The chosen round opened (asked first), its optimal assignment generated and applied (asked first). */
async function openAndAssign() {
  await page.getByRole('button', { name: '开放评审' }).click();
  await confirmDialog(page, '开放评审', '开放评审？');
  await expect(page.getByText('已开放评审')).toBeVisible();
  await page.getByRole('tab', { name: '专家分配' }).click();
  await page.getByRole('button', { name: '生成最优分配' }).click();
  await expect(page.getByText(/最优解：总匹配度/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('button', { name: '应用分配' }).click();
  await confirmDialog(page, '应用分配', '应用此分配方案？');
  await expect(page.getByText(/已应用/).first()).toBeVisible();
}
/** On a review page: the round's pledge, read and signed when it is asked for (once per round). */
async function signPledgeIfAsked(screenshot?: string) {
  const gate = page.getByTestId('pledge-text');
  const form = page.getByRole('form', { name: '评分' });
  await expect(gate.or(form)).toBeVisible();
  if (!(await gate.isVisible())) return;
  await expect(gate).toContainText('保密');
  await expect(page.getByRole('button', { name: '签署并开始评审' })).toBeDisabled();
  if (screenshot) await shot(page, screenshot);
  await page.getByText('我已阅读并承诺遵守以上各项').click();
  await page.getByRole('button', { name: '签署并开始评审' }).click();
  await expect(form).toBeVisible();
}
/** Every assignment of the signed-in reviewer scored and submitted; scores differ by reviewer and project. */
async function scoreAll(k: number, targetsNote?: string) {
  await page.goto(server.base + '/reviews');
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
  let done = 0;
  for (;;) {
    // the list has loaded: every row shows its state
    await expect(page.getByRole('table', { name: '我的评审任务' }).or(page.getByText('暂无评审任务'))).toBeVisible();
    const row = page
      .getByRole('row')
      .filter({ hasText: /未开始|草稿/ })
      .first();
    if ((await row.count()) === 0) break;
    await row.getByRole('link').click();
    await signPledgeIfAsked();
    if (targetsNote) await expect(page.getByTestId('review-targets')).toContainText(targetsNote);
    await expect(page.getByTestId('review-targets').locator('li').first()).toBeVisible();
    const inputs = page.getByRole('form', { name: '评分' }).locator('input[type=number]');
    const n = await inputs.count();
    for (let i = 0; i < n; i++) await inputs.nth(i).fill(String(5 + ((k + done + i) % 5)));
    await page.getByRole('radiogroup', { name: '总体评价' }).getByRole('radio').first().check({ force: true });
    await page.getByRole('radiogroup', { name: '资助建议' }).getByRole('radio').first().check({ force: true });
    await page.getByLabel('给申请人的意见').fill(`第 ${k + 1} 位专家的意见：目标明确，建议加强临床验证。`);
    // as a reviewer does: the autosave has said it saved, then submit
    await expect(page.getByTestId('save-state')).toContainText('已自动保存', { timeout: 20_000 });
    await page.getByRole('button', { name: '提交评审' }).click();
    await confirmDialog(page, '提交评审');
    await expect(page.getByText('评审意见已提交')).toBeVisible();
    done++;
    await page.goto(server.base + '/reviews');
  }
  return done;
}

test('1 · the call, the institutions and the expert pool, imported into an empty database', async () => {
  await signIn(OFFICER.email, OFFICER.password);
  await expect(page.getByText('暂无资助计划：点击“导入资助指南”')).toBeVisible();
  await page.getByRole('button', { name: '导入资助指南' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.locator('input[type=file]').setInputFiles(CALL_FILE);
  await dialog.getByTestId('call-import').click();
  await expect(page.getByText('已导入资助指南 TY-SZ-2023')).toBeVisible();
  await shot(page, '6-year-01-call');

  await page.getByRole('link', { name: '专家库' }).click();
  await expect(page.getByText('专家库为空：下载模板填写后导入，或逐一添加专家')).toBeVisible();
  // experts before their institutions: every row refused by line and column, nothing stored
  const experts = page.getByTestId('experts-import');
  await experts.locator('input[type=file]').setInputFiles(join(samples, 'experts.csv'));
  await expect(experts.getByText(/文件有 \d+ 处错误，未导入任何数据/)).toBeVisible();
  await expect(experts.getByRole('cell', { name: 'institution' }).first()).toBeVisible();
  await shot(page, '6-year-02-experts-refused');

  await page.getByRole('tab', { name: '单位库' }).click();
  await expect(page.getByText('单位库为空：申请与专家所在单位须先导入')).toBeVisible();
  await importWithPreview(
    'institutions-import',
    'institutions.csv',
    /将新增 21 个、更新 0 个单位/,
    /已导入单位：新增 21 个/,
  );
  await expect(page.getByRole('cell', { name: /北京大学 · Peking University/ })).toBeVisible();

  await page.getByRole('tab', { name: '专家', exact: true }).click();
  await importWithPreview('experts-import', 'experts.csv', /将新增 30 位、更新 0 位专家/, /已导入专家：新增 30 位/);
  await expect(page.getByTestId('experts-total')).toHaveText('共 30 位');
  await page.getByLabel('学科').click();
  await page.getByTitle('医学').click();
  await expect(page.getByTestId('experts-total')).toHaveText(/^共 \d 位|^共 1\d 位/);
  await expect(page.locator('tbody tr.ant-table-row').first()).toContainText('医学');
  await shot(page, '6-year-03-experts');
  await page.reload();
  await expect(page.getByTestId('experts-total')).toHaveText('共 30 位');
});

test('2 · experts become reviewer accounts without retyping', async () => {
  const search = page.getByRole('searchbox', { name: '姓名、邮箱、关键词或申请代码' });
  for (const id of REVIEWERS) {
    await search.fill(id);
    await search.press('Enter');
    await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(1);
    const row = page.locator('tbody tr.ant-table-row').first();
    const text = await row.innerText();
    const email = text.match(/[\w.+-]+@[\w.-]+\.[a-z]+/)![0];
    const name = text.trim().split(/\s+/)[0];
    await row.getByRole('button', { name: `为 ${name} 开通评审账号` }).click();
    const dialog = page.getByRole('dialog', { name: `为 ${name} 开通评审账号` });
    await expect(
      dialog.getByRole('combobox', { name: '邮箱' }).locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'),
    ).toContainText(email);
    await dialog.getByLabel('初始密码').fill(REVIEWER_PASSWORD);
    await dialog.getByLabel('再次输入密码').fill(REVIEWER_PASSWORD);
    await dialog.getByRole('button', { name: '开通账号' }).click();
    await expect(page.getByText(`已开通账号 ${email}`)).toBeVisible();
    await expect(page.locator('tbody tr.ant-table-row').first()).toContainText('已开通');
    accounts.push({ name, email });
  }
  expect(accounts).toHaveLength(REVIEWERS.length);
  await search.fill('');
  await search.press('Enter');
  await shot(page, '6-year-04-accounts');
});

test('3 · applications imported and screened; an applicant’s exclusions recorded', async () => {
  await page.getByRole('link', { name: '申请与审查' }).click();
  const card = page.getByTestId('applications-import');
  await card.locator('input[type=file]').setInputFiles(join(samples, 'applications.csv'));
  await expect(page.getByText('已导入 6 项（新增 6，更新 0）')).toBeVisible();
  await page.getByRole('button', { name: '运行形式审查' }).click();
  await expect(page.getByText('已审查 6 项：通过 5，未通过 1')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'APP-2023-006' })).toContainText('未通过');
  // the first application asks to keep one expert away
  await page.getByRole('button', { name: '编辑 APP-2023-001 的申请人建议回避专家' }).click();
  const dialog = page.getByRole('dialog');
  const pick = dialog.getByRole('combobox', { name: '搜索专家姓名、邮箱或关键词' });
  await pick.click();
  await pick.fill(accounts[6].name);
  await page.locator('.ant-select-item-option').filter({ hasText: accounts[6].name }).first().click();
  await dialog.getByText(/申请人可提出至多 3 位/).click(); // closes the list, as a person clicks away
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存回避名单（1 人），利益冲突已重新检测')).toBeVisible();
  await expect(page.getByRole('button', { name: /编辑 APP-2023-001 的申请人建议回避专家/ })).toHaveText('1 人');
  await shot(page, '6-year-05-applications');
});

test('4 · the initial round with a rubric of the officer’s own; publications previewed as conflicts', async () => {
  await page.getByRole('link', { name: '评审轮次' }).click();
  await page.getByRole('button', { name: '新建评审轮次' }).click();
  const create = page.getByRole('dialog');
  await expect(create.getByLabel('名称（中文）')).toHaveValue('2023年度初评');
  await create.getByLabel('开放时间（北京时间）').fill(beijingNow());
  await create.getByLabel('每个项目的评审专家数').fill('3');
  await create.locator('#new-round-create').click();
  await expect(page.getByText(/已创建评审轮次（草稿）/)).toBeVisible();
  await addTargetsCriterion(page);
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('已保存设置')).toBeVisible();
  await shot(page, '6-year-06-rubric');

  // a paper of REV-004 with a PI: the preview names the conflict it adds before anything is stored
  await page.getByRole('link', { name: '专家库' }).click();
  await page.getByRole('tab', { name: '论文与关系' }).click();
  const card = page.getByTestId('publications-import');
  await card.locator('input[type=file]').setInputFiles(join(samples, 'publications.csv'));
  await expect(card.getByText(/新增回避 [1-9]\d* 条/)).toBeVisible();
  await expect(card.getByRole('row').filter({ hasText: accounts[2].name }).first()).toContainText('合作者');
  await shot(page, '6-year-07-publications-preview');
  await card.getByRole('button', { name: '确认导入' }).click();
  await expect(page.getByText(/已导入论文 3 篇，新增回避 [1-9]\d* 条/)).toBeVisible();
});

test('5 · the round opens, the assignment is applied, reviewers score', async () => {
  await page.getByRole('link', { name: '评审轮次' }).click();
  await openAndAssign();
  await shot(page, '6-year-08-assignment');
  await signOut();

  // the first reviewer declines one project (no time): it goes to another reviewer, who scores it
  await signIn(accounts[0].email, REVIEWER_PASSWORD);
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
  const first = page.getByRole('row').filter({ hasText: '未开始' }).first();
  const declined = (await first.innerText()).match(/APP-2023-\d{3}/)![0];
  await first.getByRole('link').click();
  // the round's pledge first: nothing of the project is shown before it is signed
  await expect(page.getByText('团队成员')).toHaveCount(0);
  await signPledgeIfAsked('6-year-09a-pledge');
  await page.getByRole('button', { name: '拒绝此项目' }).click();
  const leave = page.getByRole('dialog', { name: '拒绝此项目' });
  await expect(leave.getByRole('button', { name: '确认拒绝' })).toBeDisabled();
  await leave.getByText('时间不足').click();
  await leave.getByRole('button', { name: '确认拒绝' }).click();
  await expect(page.getByText('已拒绝该项目，任务将另行分配')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: declined })).toHaveCount(0);
  await signOut();

  let reviews = 0;
  let reviewers = 0;
  for (const [k, a] of accounts.entries()) {
    await signIn(a.email, REVIEWER_PASSWORD);
    const n = await scoreAll(k);
    if (n > 0) reviewers++;
    reviews += n;
    if (k === 0) await shot(page, '6-year-09-reviewer');
    await signOut();
  }
  expect(reviews).toBe(15); // five eligible projects, three reviewers each (the declined one re-seated)
  expect(reviewers).toBeGreaterThanOrEqual(3);
});

test('6 · ranking, three awards within the budget, the round finalized', async () => {
  await signIn(OFFICER.email, OFFICER.password);
  await page.getByRole('link', { name: '评审轮次' }).click();
  await page.getByRole('button', { name: '截止评审' }).click();
  await confirmDialog(page, '截止评审', '截止评审？');
  await expect(page.getByText('已截止评审')).toBeVisible();
  // the officer sees the decline and the reviewer seated in its place
  await page.getByRole('tab', { name: '审计日志' }).click();
  await expect(page.getByText('专家拒绝任务').first()).toBeVisible();
  await expect(page.getByText('替补分配').first()).toBeVisible();
  await page.getByRole('tab', { name: '排序' }).click();
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(5);
  await page.getByRole('tab', { name: '资助决定' }).click();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(5);
  for (let i = 0; i < 5; i++) {
    await rows
      .nth(i)
      .getByRole('button', { name: i < 3 ? /^资\s*助$/ : /^不资助$/ })
      .click();
    await expect(rows.nth(i)).toContainText(i < 3 ? '资助' : '不资助');
  }
  await expect(page.locator('.ant-statistic').filter({ hasText: '资助项目数' })).toContainText('3');
  await shot(page, '6-year-10-awards');
  await page.getByRole('button', { name: /^定\s*稿$/ }).click();
  await confirmDialog(page, /^定\s*稿$/);
  await expect(page.getByText('已定稿').first()).toBeVisible();
});

test('7 · the mid-term round: a report uploaded, reviewers score against the targets', async () => {
  await page.getByRole('button', { name: '新建评审轮次' }).click();
  const create = page.getByRole('dialog');
  await create.getByRole('radio', { name: '中期评估' }).check();
  // the finalized initial round is proposed as the parent
  await expect(create.getByTitle('2023年度初评 · 已定稿')).toBeVisible();
  await create.getByLabel('开放时间（北京时间）').fill(beijingNow());
  await create.getByLabel('每个项目的评审专家数').fill('3');
  await create.locator('#new-round-create').click();
  await expect(page.getByText(/已创建评审轮次（草稿）/)).toBeVisible();

  // the first funded project's mid-term report, as a PDF
  await page.getByRole('link', { name: '申请与审查' }).click();
  const fundedRow = page.getByRole('row').filter({ hasText: '已资助' }).first();
  const projectId = (await fundedRow.locator('td').first().innerText()).trim();
  await fundedRow.getByRole('button', { name: `材料：${projectId}` }).click();
  const docs = page.getByRole('dialog');
  await docs.getByRole('radio', { name: '中期报告' }).check();
  await docs.locator('input[type=file]').setInputFiles({
    name: '中期报告.pdf',
    mimeType: 'application/pdf',
    buffer: onePagePdf('中期报告'),
  });
  await expect(page.getByText('已上传 中期报告.pdf')).toBeVisible();
  await expect(docs.getByTestId('docs-list')).toContainText('中期报告 · 中期报告.pdf');
  await shot(page, '6-year-11-report');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: '评审轮次' }).click();
  await chooseRound(page, /中期评估/);
  await openAndAssign();
  await signOut();

  let reviews = 0;
  for (const [k, a] of accounts.entries()) {
    await signIn(a.email, REVIEWER_PASSWORD);
    reviews += await scoreAll(k + 2, '中期评估：请对照本方向的考核指标判断项目进展。');
    if (k === 0) await shot(page, '6-year-12-midterm-reviewer');
    await signOut();
  }
  expect(reviews).toBe(9);
});

test('8 · CONTINUE with phase-2 money, COMPLETE and TERMINATE; the budget and the summaries exported', async () => {
  await signIn(OFFICER.email, OFFICER.password);
  await page.getByRole('link', { name: '评审轮次' }).click();
  await chooseRound(page, /中期评估/);
  await page.getByRole('button', { name: '截止评审' }).click();
  await confirmDialog(page, '截止评审', '截止评审？');
  await expect(page.getByText('已截止评审')).toBeVisible();
  await page.getByRole('tab', { name: '资助决定' }).click();
  await expect(page.getByText('继续资助仅限评为“优秀”的项目')).toBeVisible();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(3);
  const ids = await Promise.all(
    [0, 1, 2].map(async (i) => (await rows.nth(i).innerText()).match(/APP-2023-\d{3}/)![0]),
  );
  const landing = await Promise.all(
    [0, 1, 2].map(async (i) => (await rows.nth(i).getByText('是', { exact: true }).count()) > 0),
  );
  const cont = ids[landing.indexOf(true) >= 0 ? landing.indexOf(true) : 0];
  const [complete, terminate] = ids.filter((x) => x !== cont);
  const grade = async (id: string, title: string, reason: string) => {
    await page.getByRole('button', { name: `评定 ${id} 的等级` }).click();
    const d = page.getByRole('dialog');
    await d.getByRole('combobox', { name: '专家组等级' }).click();
    await page.getByTitle(title, { exact: true }).click();
    await d.getByLabel('评定理由').fill(reason);
    await d.getByRole('button', { name: /保\s*存/ }).click();
    await expect(d).toBeHidden();
    await expect(page.getByRole('row').filter({ hasText: id })).toContainText(title);
  };
  await grade(cont, '优秀', '成果已在深圳两家医院落地，专家组一致评为优秀');
  await page.getByLabel(`${cont} 的第二阶段经费`).fill('3500000');
  await page.getByRole('button', { name: `继续资助 ${cont}` }).click();
  await expect(page.getByRole('row').filter({ hasText: cont })).toContainText('继续资助 3,500,000');
  await grade(complete, '合格', '进展基本达标');
  await page.getByRole('button', { name: `结题 ${complete}` }).click();
  await expect(page.getByRole('row').filter({ hasText: complete })).toContainText('结题');
  await grade(terminate, '不合格', '关键指标未完成');
  await page.getByRole('button', { name: `终止 ${terminate}` }).click();
  await expect(page.getByRole('row').filter({ hasText: terminate })).toContainText('终止');
  await shot(page, '6-year-13-midterm-decisions');

  // the reviewer summaries of the mid-term round, one language
  await page.getByRole('tab', { name: '导出' }).click();
  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV' }).click()]);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text).toContain('评审专家');
  for (const id of ids) expect(text).toContain(id);
  for (const a of accounts) expect(text).not.toContain(a.email);

  // the money: phase 1 for three projects, phase 2 from Shenzhen for the one continued
  await page.getByRole('link', { name: '首页' }).click();
  const budget = await openBudget(page, 'TY-SZ-2023');
  await expect(budget.locator('.ant-statistic').filter({ hasText: '第二阶段合计' })).toContainText('3,500,000');
  await expect(budget.getByRole('row').filter({ hasText: cont })).toContainText('继续资助');
  await expect(budget.getByRole('row').filter({ hasText: complete })).toContainText('结题');
  await expect(budget.getByRole('row').filter({ hasText: terminate })).toContainText('终止');
  await shot(page, '6-year-14-budget');
  const [xlsx] = await Promise.all([
    page.waitForEvent('download'),
    budget.getByRole('button', { name: '导出 XLSX' }).click(),
  ]);
  expect(xlsx.suggestedFilename()).toBe('TY-SZ-2023-budget.xlsx');
});
