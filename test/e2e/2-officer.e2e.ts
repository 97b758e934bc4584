import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { base, shot, signIn, chooseRound } from './helpers';

test('an officer reads the reviewer pool, the conflicts matrix, the charts and the reviewers’ score distributions', async ({
  page,
}) => {
  await signIn(page, 'officer@demo.local', 'demo-officer');
  // the expert pool: 30 experts, searched on the server by keyword
  await page.getByRole('link', { name: '专家库' }).click();
  await expect(page.getByRole('heading', { name: '专家库' })).toBeVisible();
  await expect(page.getByTestId('experts-total')).toHaveText('共 30 位');
  const search = page.getByRole('searchbox', { name: '姓名、邮箱、关键词或申请代码' });
  await search.fill('H18');
  await search.press('Enter');
  await expect(page.getByTestId('experts-total')).toHaveText(/^共 (\d|1\d|2\d) 位$/);
  await shot(page, 'officer-expert-pool');
  // the reviewers' workload: accounts, a page at a time, ordered and searched on the server
  await page.getByRole('tab', { name: '评审工作量' }).click();
  await expect(page.getByText('共 30 位')).toBeVisible();
  const workload = page.getByRole('tabpanel', { name: '评审工作量' });
  await expect(workload.locator('.ant-table-row')).toHaveCount(25);
  await workload.getByRole('columnheader', { name: /已提交 \/ 分配/ }).click();
  const loads = async () =>
    (await workload.getByRole('progressbar').evaluateAll((bars) => bars.map((b) => b.getAttribute('aria-label')))).map(
      (l) => Number(/分配 (\d+)/.exec(l ?? '')![1]),
    );
  await expect(async () => {
    const seen = await loads();
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
    expect(seen[0]).toBeGreaterThan(seen[seen.length - 1]);
  }).toPass();
  await page.getByRole('searchbox', { name: '姓名、邮箱、单位或关键词' }).fill('reviewer1@');
  await page.getByRole('searchbox', { name: '姓名、邮箱、单位或关键词' }).press('Enter');
  await expect(page.getByText(/共 1\d? 位/)).toBeVisible();
  await shot(page, 'officer-reviewer-pool');

  // conflicts as a matrix: a cell shows its evidence
  await page.goto(base() + '/rounds?tab=conflicts');
  const cell = page.getByRole('table', { name: '矩阵' }).getByRole('button').first();
  await cell.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('选择矩阵中的单元格查看证据')).toHaveCount(0);
  await shot(page, 'officer-conflicts-matrix');
  // the round's conflict policy: NSF with co-authorship not counted; saving detects again
  await page.getByLabel('政策').click();
  await page.getByTitle(/^NSF：合作 4 年/).click();
  await expect(page.getByLabel('合作发表计入年限')).toHaveValue(/^4(\.0)?$/);
  await page.getByLabel('合作发表计入年限').fill('0');
  await page.getByRole('button', { name: '保存并重新检测' }).click();
  await expect(page.getByText('回避政策已保存，已重新检测本轮回避')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('合作发表计入年限')).toHaveValue(/^0(\.0)?$/);
  // detection run again by hand (after evidence changed elsewhere), with what it found
  await page.getByRole('button', { name: '重新检测', exact: true }).click();
  await expect(page.getByText(/已重新检测：\d+ 对回避，\d+ 条依据/)).toBeVisible();

  // assignment preview with coverage and load charts
  await page.getByRole('tab', { name: '专家分配' }).click();
  await page.getByRole('button', { name: '生成最优分配' }).click();
  await expect(page.getByText(/最优解：总匹配度/)).toBeVisible({ timeout: 60_000 });
  await page.getByRole('tab', { name: '图表' }).click();
  await expect(page.getByRole('img', { name: /各学科已覆盖的项目/ })).toBeVisible();
  await expect(page.getByRole('img', { name: /专家负荷分布/ })).toBeVisible();
  await shot(page, 'officer-assignment-charts');
  // the proposal's tables come from the server a page of 20 at a time
  await page.getByRole('tab', { name: '专家负荷' }).click();
  const pane = page.getByRole('tabpanel', { name: '专家负荷' });
  const totalOf = async () =>
    Number((await pane.locator('.ant-pagination-total-text').textContent())!.match(/共 (\d+) 行/)![1]);
  const reviewers = await totalOf();
  expect(reviewers).toBeGreaterThan(20); // the demo's pool: more than one page
  await expect(pane.locator('.ant-table-row')).toHaveCount(20);
  const first = await pane.locator('.ant-table-row').first().textContent();
  const asked = page.waitForRequest((r) => r.url().endsWith('/graphql') && /"offset":20/.test(r.postData() ?? ''));
  await pane.locator('.ant-pagination-item-2').click();
  await asked;
  await expect(pane.locator('.ant-table-row')).toHaveCount(Math.min(20, reviewers - 20));
  await expect(pane.locator('.ant-table-row').first()).not.toHaveText(first!);
  // the panels lacking a discipline, filtered on the server
  await page.getByRole('tab', { name: '覆盖情况' }).click();
  const coverage = page.getByRole('tabpanel', { name: '覆盖情况' });
  const only = coverage.locator('label').filter({ hasText: '只看缺少学科的项目' });
  const lacking = Number((await only.textContent())!.match(/（(\d+) 项）/)![1]);
  await only.click();
  await expect(coverage.locator('.ant-table-row')).toHaveCount(Math.min(20, lacking));
  // the fair objective reports each stage with its bound
  await page.getByLabel('目标').click();
  await page.getByTitle('公平（先保最差项目）').click();
  await page.getByRole('button', { name: '生成最优分配' }).click();
  await expect(page.getByText('最差项目匹配度')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByText('总匹配度', { exact: true })).toBeVisible();
  await shot(page, 'officer-assignment-fair');

  // the finalized initial round: methods side by side and reviewers' score distributions
  await chooseRound(page, /2023年度初评/);
  await page.getByRole('tab', { name: '排序' }).click();
  await page.getByText('方法对比', { exact: true }).click();
  await expect(page.getByRole('columnheader', { name: '方法间名次差' })).toBeVisible();
  await page.getByText('专家评分分布', { exact: true }).click();
  await expect(page.getByRole('img', { name: /的评分：/ }).first()).toBeVisible();
  await shot(page, 'officer-reviewer-calibration');
});

test('an officer runs the assignment, reads the ranking, records a decision and exports', async ({ page }) => {
  await signIn(page, 'officer@demo.local', 'demo-officer');
  await page.goto(base() + '/rounds?tab=assignment');
  await expect(page.getByRole('heading', { name: '评审轮次' })).toBeVisible();
  // the open mid-term round is chosen by default
  await page.getByRole('button', { name: '生成最优分配' }).click();
  await expect(page.getByText(/最优解：总匹配度/)).toBeVisible({ timeout: 60_000 });
  await shot(page, 'officer-assignment-preview');
  // applying asks first and says what will change
  await page.getByRole('button', { name: '应用分配' }).click();
  const applyDialog = page.getByRole('dialog', { name: '应用此分配方案？' });
  await expect(applyDialog).toContainText(/将新增 \d+ 项、移除 \d+ 项分配，保留 \d+ 项/);
  await applyDialog.getByRole('button', { name: '应用分配' }).click();
  await expect(page.getByText(/已应用/).first()).toBeVisible();

  // reminders: who gets what, and the truth that no mail server is configured
  await page.getByRole('tab', { name: '进度' }).click();
  await page.getByRole('button', { name: '发送催办提醒' }).click();
  const remind = page.getByRole('dialog', { name: /向 \d+ 位专家发送催办提醒？/ });
  await expect(remind).toContainText('未配置邮件服务器：提醒只会记录在发件箱中，不会真正发出。');
  await expect(remind.getByTestId('reminder-recipients').locator('li').first()).toContainText('@demo.local');
  await expect(remind).toContainText(/【评审提醒】/);
  await shot(page, 'officer-reminder-preview');
  await remind.getByRole('button', { name: /发\s*送/ }).click();
  await expect(page.getByText(/已记录 \d+ 条提醒；未配置邮件服务器，邮件未发出/)).toBeVisible();
  // the outbox, newest first from the server; narrowed by status there too
  const outbox = page.locator('.ant-card').filter({ hasText: '催办邮件' });
  await expect(outbox.getByText('待阅（未配置邮件服务器）').first()).toBeVisible();
  await outbox.getByRole('combobox', { name: '状态' }).click();
  await page.locator('.ant-select-item-option[title="已发送"]').click();
  await expect(outbox.locator('.ant-empty-description')).toHaveText('暂无数据');
  await outbox.getByRole('combobox', { name: '状态' }).click();
  await page.locator('.ant-select-item-option[title="待阅（未配置邮件服务器）"]').click();
  await expect(outbox.locator('tbody tr.ant-table-row').first()).toContainText('@demo.local');

  // ranking of the finalized initial round, with intervals
  await chooseRound(page, /2023年度初评/);
  await page.getByRole('tab', { name: '排序' }).click();
  await expect(page.locator('tbody tr').first()).toBeVisible();
  await expect(page.locator('svg[role=img]').first()).toBeVisible();
  await shot(page, 'officer-ranking');

  // close the mid-term round and record a decision
  await chooseRound(page, /中期评估/);
  const midtermUrl = page.url();
  const roundSelect = page.locator('.ant-select').filter({ has: page.getByLabel('选择评审轮次') });
  await page.getByRole('button', { name: '截止评审' }).click();
  const closeDialog = page.getByRole('dialog', { name: '截止评审？' });
  await expect(closeDialog).toContainText('截止后专家不能再修改或提交评审意见');
  await closeDialog.getByRole('button', { name: '截止评审' }).click();
  await expect(page.getByText('已截止评审')).toBeVisible();
  // the page stays on this round, and says it closed early
  await expect(roundSelect).toContainText(/中期评估/);
  await expect(page.getByTestId('round-window')).toContainText('提前截止');
  expect(new URL(page.url()).searchParams.get('round')).toBe(new URL(midtermUrl).searchParams.get('round'));
  // reopen with a reason, then close again
  await page.getByRole('button', { name: '重新开放' }).click();
  const reopen = page.getByRole('dialog', { name: '重新开放' });
  await reopen.getByLabel('理由（至少 5 个字）').fill('两位专家因病请假，延期一周');
  await reopen.getByRole('button', { name: '重新开放' }).click();
  await expect(page.getByText(/截止时间已改为/)).toBeVisible();
  await expect(roundSelect).toContainText('评审中');
  await page.getByRole('button', { name: '截止评审' }).click();
  await page.getByRole('dialog', { name: '截止评审？' }).getByRole('button', { name: '截止评审' }).click();
  await expect(roundSelect).toContainText('已截止');
  await page.getByRole('tab', { name: '资助决定' }).click();
  const last = page.locator('tbody tr').last();
  await last.getByLabel('说明').fill('中期进展明显不足');
  await last.getByRole('button', { name: /终\s*止/ }).click();
  await expect(page.getByText('已记录')).toBeVisible();
  await expect(last.getByText('终止').first()).toBeVisible();
  // the saved note comes back into the form after a reload
  await page.reload();
  await expect(page.locator('tbody tr').last().getByLabel('说明')).toHaveValue('中期进展明显不足');
  await shot(page, 'officer-decisions');

  // export reviewer summaries
  await page.getByRole('tab', { name: '导出' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.charCodeAt(0)).toBe(0xfeff);
  // one language: the reader's
  expect(text).toContain('评审专家');
  expect(text).not.toContain('Reviewer');
  expect(text).not.toContain('@demo.local');

  // the audit trail in words, in both languages
  await page.getByRole('tab', { name: '审计日志' }).click();
  await expect(page.getByText('重新开放评审').first()).toBeVisible();
  await expect(page.getByText('round.reopen')).toHaveCount(0);
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByText('Round reopened').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Exports' }).click();
  const [enDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'CSV' }).click(),
  ]);
  const enText = readFileSync((await enDownload.path())!, 'utf8');
  expect(enText).toContain('Reviewer');
  expect(enText).not.toContain('评审专家');
  await page.getByRole('button', { name: /switch language/ }).click();
});
