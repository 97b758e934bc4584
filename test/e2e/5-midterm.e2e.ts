import { expect, test } from '@playwright/test';
import { gql, login } from './api';
import { base, openBudget, shot, signIn } from './helpers';

/**
 * The mid-term as its people meet it: a reviewer scores against the direction's targets; the
 * panel grades a project itself; the officer records CONTINUE with phase-2 money for a project
 * landing in Shenzhen, and COMPLETE for one that passed. (Last in the run: it closes the demo's
 * mid-term round.)
 */
test('a reviewer sees the targets; the officer grades, continues with phase-2 funding and completes', async ({
  page,
}) => {
  // the reviewer's form shows the direction's targets
  await signIn(page, 'reviewer1@demo.local', 'demo-reviewer');
  await page.goto(base() + '/reviews');
  await page
    .getByRole('link')
    .filter({ hasText: /APP-2023-/ })
    .first()
    .click();
  const targets = page.getByTestId('review-targets');
  await expect(targets).toContainText('中期评估：请对照本方向的考核指标判断项目进展。');
  await expect(targets.locator('li').first()).toBeVisible();
  await shot(page, '5-midterm-01-targets');
  await page.getByRole('button', { name: /退出登录/ }).click();

  // scoring closes; the officer decides
  const officer = await login('officer@demo.local', 'demo-officer');
  const { programs } = await gql<{ programs: { rounds: { id: string; kind: string; status: string }[] }[] }>(
    '{ programs { rounds { id kind status } } }',
    {},
    officer,
  );
  const round = programs.flatMap((p) => p.rounds).find((r) => r.kind === 'MIDTERM')!;
  if (round.status === 'OPEN')
    await gql('mutation($r:ID!){ closeRound(roundId:$r){ status } }', { r: round.id }, officer);
  const { midtermGrades } = await gql<{
    midtermGrades: { grade: string; shenzhenLanding: boolean; project: { id: string; externalId: string } }[];
  }>(
    'query($r:ID!){ midtermGrades(roundId:$r){ grade shenzhenLanding project { id externalId } } }',
    { r: round.id },
    officer,
  );
  const landing = midtermGrades.find((g) => g.shenzhenLanding)!;
  const other =
    midtermGrades.find((g) => g !== landing && g.grade !== 'FAIL') ?? midtermGrades.find((g) => g !== landing)!;
  expect(landing).toBeTruthy();

  await signIn(page, 'officer@demo.local', 'demo-officer');
  await page.goto(`${base()}/rounds?round=${round.id}&tab=decisions`);
  await expect(page.getByText('继续资助仅限评为“优秀”的项目')).toBeVisible();

  // the panel grades the landing project excellent, in its own words
  await page.getByRole('button', { name: `评定 ${landing.project.externalId} 的等级` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: '专家组等级' }).click();
  await page.getByTitle('优秀').click();
  await dialog.getByLabel('评定理由').fill('成果已在深圳两家医院落地，专家组一致评为优秀');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存等级')).toBeVisible();

  // phase 2 from Shenzhen: 3,500,000 for it
  await page.getByLabel(`${landing.project.externalId} 的第二阶段经费`).fill('3500000');
  await page.getByRole('button', { name: `继续资助 ${landing.project.externalId}` }).click();
  await expect(page.getByText('已记录').first()).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: landing.project.externalId });
  await expect(row).toContainText('继续资助 3,500,000');

  // another project that passed completes phase 1 (graded PASS by the panel if the thresholds failed it)
  if (other.grade === 'FAIL') {
    await page.getByRole('button', { name: `评定 ${other.project.externalId} 的等级` }).click();
    await dialog.getByRole('combobox', { name: '专家组等级' }).click();
    await page.getByTitle('合格').click();
    await dialog.getByLabel('评定理由').fill('进展基本达标');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
  }
  await page.getByRole('button', { name: `结题 ${other.project.externalId}` }).click();
  await expect(page.getByRole('row').filter({ hasText: other.project.externalId })).toContainText('结题');
  await shot(page, '5-midterm-02-decisions');

  // what the server stored
  const { decisions } = await gql<{
    decisions: { projectId: string; decision: string; amount: number | null; grade: string }[];
  }>('query($r:ID!){ decisions(roundId:$r){ projectId decision amount grade } }', { r: round.id }, officer);
  expect(decisions.find((d) => d.projectId === landing.project.id)).toMatchObject({
    decision: 'CONTINUE',
    amount: 3500000,
    grade: 'EXCELLENT',
  });
  expect(decisions.find((d) => d.projectId === other.project.id)).toMatchObject({ decision: 'COMPLETE', amount: null });

  // the money: phase 1 of every funded project, phase 2 from Shenzhen for the one continued
  await page.goto(base() + '/');
  const budget = await openBudget(page, 'TY-SZ-2023');
  await expect(budget.getByText('第二阶段合计（元）')).toBeVisible();
  await expect(budget.locator('.ant-statistic').filter({ hasText: '第二阶段合计' })).toContainText('3,500,000');
  await expect(budget.getByRole('row').filter({ hasText: landing.project.externalId })).toContainText('继续资助');
  await expect(budget.getByRole('row').filter({ hasText: other.project.externalId })).toContainText('结题');
  await shot(page, '5-midterm-03-budget');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    budget.getByRole('button', { name: '导出 XLSX' }).click(),
  ]);
  expect(file.suggestedFilename()).toBe('TY-SZ-2023-budget.xlsx');
});
