import { expect, test, type Page } from '@playwright/test';
import { onePagePdf } from '../helpers/pdf';
import { gql, login } from './api';
import { base, confirmDialog, shot, signIn } from './helpers';

/** Picks an option of an antd Select (searchable) by typing part of its text. */
async function pick(page: Page, label: string, text: string) {
  const box = page.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(text);
  await page.locator('.ant-select-item-option').filter({ hasText: text }).first().click();
}

test('an officer overrides a screening result with a reason, and assigns and removes a reviewer by hand', async ({
  page,
}) => {
  const officer = await login('officer@demo.local', 'demo-officer');
  const { programs } = await gql<{
    programs: { id: string; rounds: { id: string; kind: string; status: string }[] }[];
  }>('{ programs { id rounds { id kind status } } }', {}, officer);
  const program = programs.find((p) => p.rounds.some((r) => r.kind === 'MIDTERM'))!;
  const { projects } = await gql<{ projects: { id: string; externalId: string; status: string }[] }>(
    'query($p:ID!){ projects(programId:$p){ id externalId status } }',
    { p: program.id },
    officer,
  );
  const ineligible = projects.find((p) => p.status === 'INELIGIBLE')!;
  expect(ineligible).toBeTruthy();

  // the screening result replaced by the officer's decision, with its reason
  await signIn(page, 'officer@demo.local', 'demo-officer');
  await page.goto(base() + '/applications');
  await page.getByRole('button', { name: `改判：${ineligible.externalId} 的形式审查结果` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('radio', { name: '通过', exact: true })).toBeChecked();
  await dialog.getByLabel('认定理由（至少 10 个字，记入审计日志）').fill('依托单位已补交多中心数据管理资质证明');
  await dialog.getByRole('button', { name: /改\s*判/ }).click();
  await expect(page.getByText('已记录人工认定')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: ineligible.externalId })).toContainText('通过（已人工认定）');
  const { project } = await gql<{ project: { status: string; eligibility: { overridden: boolean } } }>(
    'query($p:ID!){ project(id:$p){ status eligibility { overridden } } }',
    { p: ineligible.id },
    officer,
  );
  expect(project).toEqual({ status: 'ELIGIBLE', eligibility: { overridden: true } });
  await shot(page, '4b-override');

  // the proposal as a PDF, dropped on the project; a file that is not a PDF is refused
  await page.getByRole('button', { name: `材料：${ineligible.externalId}` }).click();
  const files = page.getByRole('dialog');
  const input = files.locator('input[type=file]');
  await input.setInputFiles({
    name: 'notes.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('just text, not a PDF'),
  });
  await expect(files.locator('.ant-alert-error')).toBeVisible();
  const pdf = onePagePdf();
  await input.setInputFiles({ name: '申请书-正式版.pdf', mimeType: 'application/pdf', buffer: pdf });
  await expect(page.getByText('已上传 申请书-正式版.pdf')).toBeVisible();
  await expect(files.getByTestId('docs-list')).toContainText('申请书 · 申请书-正式版.pdf');
  await shot(page, '4b-documents');
  await page.keyboard.press('Escape');

  // a panel by hand in the mid-term round (reopened with a reason if an earlier test closed it)
  const round = program.rounds.find((r) => r.kind === 'MIDTERM')!;
  if (round.status === 'CLOSED')
    await gql(
      'mutation($r:ID!,$c:DateTime!){ extendRound(roundId:$r, closesAt:$c, reason:"专家组要求补充一位医学专家") { status } }',
      { r: round.id, c: new Date(Date.now() + 14 * 86400000).toISOString() },
      officer,
    );
  const data = await gql<{
    assignments: { project: { id: string; externalId: string }; reviewer: { id: string; name: string } }[];
    reviewerPool: { id: string; name: string; disabled: boolean }[];
    conflicts: { projectId: string; reviewerId: string; overridden: boolean; reviewer: { name: string } }[];
  }>(
    'query($r:ID!){ assignments(roundId:$r){ project { id externalId } reviewer { id name } } reviewerPool(roundId:$r){ id name disabled } conflicts(roundId:$r){ projectId reviewerId overridden reviewer { name } } }',
    { r: round.id },
    officer,
  );
  // the round is staffed by invitation: the officer may pick among those who accepted
  const seated = new Set(data.reviewerPool.map((r) => r.id));
  const conflict = data.conflicts.find(
    (c) => !c.overridden && seated.has(c.reviewerId) && data.assignments.some((a) => a.project.id === c.projectId),
  )!;
  const target = data.assignments.find((a) => a.project.id === conflict.projectId)!.project;
  const blocked = new Set(data.conflicts.filter((c) => c.projectId === target.id).map((c) => c.reviewerId));
  const onPanel = new Set(data.assignments.filter((a) => a.project.id === target.id).map((a) => a.reviewer.id));
  const free = data.reviewerPool.find((r) => !r.disabled && !blocked.has(r.id) && !onPanel.has(r.id))!;

  await page.goto(`${base()}/rounds?round=${round.id}&tab=assignment`);
  await pick(page, '选择项目', target.externalId);
  const panel = page.getByTestId('manual-panel');
  await expect(panel.locator('.ant-tag')).toHaveCount(onPanel.size);
  await pick(page, '选择评审专家', free.name);
  await page.getByRole('button', { name: /指\s*派/ }).click();
  await expect(page.getByText('已指派')).toBeVisible();
  await expect(panel.locator('.ant-tag').filter({ hasText: free.name })).toContainText('手动');

  // a conflicted pair is refused, saying why
  await pick(page, '选择评审专家', conflict.reviewer.name);
  await page.getByRole('button', { name: /指\s*派/ }).click();
  const refusal = page.locator('.ant-modal-confirm');
  await expect(refusal.locator('.ant-modal-confirm-title')).toHaveText('不能指派');
  await expect(refusal).toContainText('该专家与项目存在利益冲突，需回避：');
  await shot(page, '4b-refused');
  await page.getByRole('button', { name: /知道了|OK/ }).click();

  // and the manual pair removed again
  await panel.locator('.ant-tag').filter({ hasText: free.name }).locator('.ant-tag-close-icon').click();
  await confirmDialog(page, /移\s*除/);
  await expect(page.getByText('已移除')).toBeVisible();
  await expect(panel.locator('.ant-tag')).toHaveCount(onPanel.size);
});
