import { expect, test } from '@playwright/test';
import { base, shot, signIn } from './helpers';

test('a reviewer signs in, opens an assignment, scores it with autosave and submits it', async ({ page }) => {
  await signIn(page, 'reviewer1@demo.local', 'demo-reviewer');
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
  await shot(page, 'reviewer-assignments');
  // an assignment not started yet
  const row = page.locator('tr', { hasText: '未开始' }).first();
  // the assignment's own link (a reviewer may review the same project in both rounds)
  const href = (await row.getByRole('link').getAttribute('href'))!;
  await row.getByRole('link').click();
  await expect(page.getByText('评分').first()).toBeVisible();
  await expect(page.getByTestId('save-state')).toContainText('尚未保存');
  const scores: [string, string][] = [
    ['计划执行进展', '8.5'],
    ['成果质量', '8'],
    ['交叉合作', '9'],
    ['深圳转化落地', '7.5'],
    ['经费执行', '9'],
  ];
  for (const [label, value] of scores) await page.getByLabel(label).fill(value);
  await page.getByText('优', { exact: true }).click();
  await page.getByRole('radiogroup', { name: '资助建议' }).getByText('继续资助', { exact: true }).click();
  await page.getByLabel('给申请人的意见').fill('阶段目标基本完成，建议继续资助并加强临床验证。');
  await expect(page.getByTestId('save-state')).toContainText('已自动保存', { timeout: 20_000 });
  await expect(page.getByTestId('total')).toContainText('83.00');
  await shot(page, 'reviewer-scoring');
  // a reload shows what was saved
  await page.reload();
  await expect(page.getByLabel('计划执行进展')).toHaveValue('8.5');
  await page.getByRole('button', { name: '提交评审' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '提交评审' }).click();
  await expect(page.getByText('评审意见已提交')).toBeVisible();
  await expect(page.getByText('已提交').first()).toBeVisible();
  await expect(page.getByLabel('计划执行进展')).toBeDisabled();
  await shot(page, 'reviewer-submitted');
  await page.goto(base() + '/reviews');
  // this assignment's row now shows the submitted total (other rows may hold the same number or project)
  await expect(page.locator('tr', { has: page.locator(`a[href="${href}"]`) })).toContainText('83.0');
});

test('an out-of-range score is refused as you type and nothing is saved', async ({ page }) => {
  await signIn(page, 'reviewer1@demo.local', 'demo-reviewer');
  await page.locator('tr', { hasText: '草稿' }).first().getByRole('link').click();
  const field = page.getByLabel('成果质量');
  await field.fill('7.25');
  await field.blur();
  await expect(page.getByText('须为 0.5 的整数倍')).toBeVisible();
});
