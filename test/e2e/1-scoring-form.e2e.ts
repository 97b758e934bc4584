import { expect, test, type Page } from '@playwright/test';
import { reviewerWithDraft, score, storedReview } from './api';
import { base, shot, signIn } from './helpers';

/**
 * The scoring form as reviewers use it: an existing draft edited across autosaves, on a slow
 * network, left before the autosave fires, with an invalid field, and from two tabs at once.
 * Every check of what was kept reads the server's copy through the API, not the page.
 */

const PROGRESS = '计划执行进展'; // criterion `progress`
const OUTPUTS = '成果质量'; // criterion `outputs`

/** A value of the 0–10 / 0.5 scale that differs from `v`. */
const other = (v: string, alt = 0) => String(Number(v) >= 5 ? 2 + alt : 8 + alt);

/** Resolves with the next saveReview answer the page receives. */
const nextSave = (page: Page) =>
  page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('SaveReview'));

async function openDraft(page: Page) {
  const who = await reviewerWithDraft();
  await signIn(page, who.email, 'demo-reviewer');
  await page.goto(`${base()}/reviews/${who.assignmentId}`);
  await expect(page.getByLabel(PROGRESS)).toBeVisible();
  return who;
}

test('an existing draft edited across two autosaves keeps both changes, after a reload and on the server', async ({
  page,
}) => {
  const who = await openDraft(page);
  const first = page.getByLabel(PROGRESS);
  const second = page.getByLabel(OUTPUTS);
  const v1 = other(await first.inputValue());
  const v2 = other(await second.inputValue(), 0.5);
  // the scale and the step are on every field
  await expect(page.getByTestId('scale-progress')).toHaveText('0–10 分，步长 0.5');

  let saved = nextSave(page);
  await first.fill(v1);
  await saved;
  await expect(page.getByTestId('save-state')).toContainText('已自动保存');
  // the answer of the save did not put the old value back into the field
  await expect(first).toHaveValue(v1);

  saved = nextSave(page);
  await second.fill(v2);
  await saved;
  await expect(page.getByTestId('save-state')).toContainText('已自动保存');
  await expect(first).toHaveValue(v1);
  await expect(second).toHaveValue(v2);

  const stored = await storedReview(who.token, who.assignmentId);
  expect(score(stored, 'progress')).toBe(Number(v1));
  expect(score(stored, 'outputs')).toBe(Number(v2));
  await page.reload();
  await expect(page.getByLabel(PROGRESS)).toHaveValue(v1);
  await expect(page.getByLabel(OUTPUTS)).toHaveValue(v2);
});

test('on a slow network, edits typed while a save travels are sent next and never reset', async ({ page }) => {
  const who = await openDraft(page);
  // every save takes 2.5 s to reach the server
  await page.route('**/graphql', async (route) => {
    if ((route.request().postData() ?? '').includes('SaveReview')) await new Promise((r) => setTimeout(r, 2500));
    await route.continue();
  });
  const first = page.getByLabel(PROGRESS);
  const second = page.getByLabel(OUTPUTS);
  const comment = page.getByLabel('给申请人的意见');
  const v1 = other(await first.inputValue());
  const v2 = other(await second.inputValue(), 0.5);
  await first.fill(v1);
  await expect(page.getByTestId('save-state')).toHaveText('保存中…');
  // typed while the first save is on its way
  await second.fill(v2);
  await comment.fill('慢速网络下继续修改的意见。');
  await expect(page.getByTestId('save-state')).toContainText('已自动保存', { timeout: 20_000 });
  await expect(first).toHaveValue(v1);
  await expect(second).toHaveValue(v2);
  await expect(comment).toHaveValue('慢速网络下继续修改的意见。');
  const stored = await storedReview(who.token, who.assignmentId);
  expect(score(stored, 'progress')).toBe(Number(v1));
  expect(score(stored, 'outputs')).toBe(Number(v2));
  expect(stored?.commentToApplicant).toBe('慢速网络下继续修改的意见。');
});

test('leaving the page before the autosave fires keeps the edit: a route change and a closed tab', async ({
  page,
  context,
}) => {
  const who = await openDraft(page);
  const v1 = other(await page.getByLabel(PROGRESS).inputValue());
  await page.getByLabel(PROGRESS).fill(v1);
  // at once, well inside the autosave delay
  await page.getByRole('link', { name: /返回我的任务/ }).click();
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
  await expect.poll(async () => score(await storedReview(who.token, who.assignmentId), 'progress')).toBe(Number(v1));

  // the tab is closed right after typing
  const tab = await context.newPage();
  await tab.goto(`${base()}/reviews/${who.assignmentId}`);
  const v2 = other(await tab.getByLabel(OUTPUTS).inputValue(), 0.5);
  await tab.getByLabel(OUTPUTS).fill(v2);
  await tab.close({ runBeforeUnload: true });
  await expect.poll(async () => score(await storedReview(who.token, who.assignmentId), 'outputs')).toBe(Number(v2));
});

test('an invalid score says it is not saved while the valid rest is saved', async ({ page }) => {
  const who = await openDraft(page);
  const before = await storedReview(who.token, who.assignmentId);
  const v2 = other(await page.getByLabel(OUTPUTS).inputValue(), 0.5);
  await page.getByLabel(PROGRESS).fill('11');
  const saved = nextSave(page);
  await page.getByLabel(OUTPUTS).fill(v2);
  await saved;
  await expect(page.getByText('未保存：请修正（须在 0 到 10 之间）')).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('1 项未保存：请修正标红的字段');
  await shot(page, 'reviewer-invalid-field');
  const stored = await storedReview(who.token, who.assignmentId);
  expect(score(stored, 'outputs')).toBe(Number(v2));
  expect(score(stored, 'progress')).toBe(score(before, 'progress')); // the server kept its value
  // fixed: saved, and the message goes
  // a valid value other than the stored one, so that fixing the field is a change to save
  const valid = other(String(score(before, 'progress') ?? 0));
  const fixed = nextSave(page);
  await page.getByLabel(PROGRESS).fill(valid);
  await fixed;
  await expect(page.getByText(/未保存：请修正/)).toHaveCount(0);
  await expect(page.getByTestId('save-state')).toContainText('已自动保存');
  expect(score(await storedReview(who.token, who.assignmentId), 'progress')).toBe(Number(valid));
});

test('a review changed in another tab shows both versions and the reviewer chooses', async ({ page, context }) => {
  const who = await openDraft(page);
  const tabB = await context.newPage();
  await tabB.goto(`${base()}/reviews/${who.assignmentId}`);
  await expect(tabB.getByLabel(PROGRESS)).toBeVisible();
  const vA = other(await page.getByLabel(PROGRESS).inputValue());
  const vB = other(await tabB.getByLabel(OUTPUTS).inputValue(), 0.5);
  // tab A saves first
  const savedA = nextSave(page);
  await page.getByLabel(PROGRESS).fill(vA);
  await savedA;
  // tab B still holds the older version
  await tabB.getByLabel(OUTPUTS).fill(vB);
  const dialog = tabB.getByRole('dialog', { name: '评审意见在其他窗口或设备上已被修改' });
  await expect(dialog).toBeVisible({ timeout: 15_000 });
  const versions = dialog.getByTestId('conflict-versions');
  await expect(versions.getByRole('row', { name: new RegExp(PROGRESS) })).toContainText(vA);
  await expect(versions.getByRole('row', { name: new RegExp(OUTPUTS) })).toContainText(vB);
  await shot(tabB, 'reviewer-version-conflict');
  // tab B keeps its own version: it is saved over tab A's
  const savedB = nextSave(tabB);
  await dialog.getByRole('button', { name: '保留本页的修改' }).click();
  await savedB;
  await expect(dialog).toBeHidden();
  const stored = await storedReview(who.token, who.assignmentId);
  expect(score(stored, 'outputs')).toBe(Number(vB));
  expect(score(stored, 'progress')).not.toBe(Number(vA));
  // tab A now conflicts in turn and takes the saved version
  await page.getByLabel('给申请人的意见').fill('A 的新意见');
  const dialogA = page.getByRole('dialog', { name: '评审意见在其他窗口或设备上已被修改' });
  await expect(dialogA).toBeVisible({ timeout: 15_000 });
  await dialogA.getByRole('button', { name: '使用已保存的版本' }).click();
  await expect(page.getByLabel(OUTPUTS)).toHaveValue(vB);
  await expect(page.getByLabel('给申请人的意见')).toHaveValue(stored!.commentToApplicant);
});

test('submitting checks completeness; the submitted banner and withdrawing ask first; declaring warns', async ({
  page,
}) => {
  const who = await openDraft(page);
  const keep = await page.getByLabel(PROGRESS).inputValue();
  await page.getByLabel(PROGRESS).fill('');
  await page.getByRole('button', { name: /提交评审/ }).click();
  await expect(page.getByRole('dialog')).toContainText(`尚不能提交：${PROGRESS} 未填写`);
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /知道了/ })
    .click();
  await page.getByLabel(PROGRESS).fill(keep);
  await page.getByRole('button', { name: /提交评审/ }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /提交评审/ })
    .click();
  await expect(page.getByText(/已于 .* 提交，计入本轮评审结果/)).toBeVisible();
  expect((await storedReview(who.token, who.assignmentId))?.status).toBe('SUBMITTED');
  await page.getByTestId('withdraw').click();
  const confirm = page.getByRole('dialog', { name: '确认撤回提交？' });
  await expect(confirm).toContainText('撤回后本评审不再计入统计');
  await confirm.getByRole('button', { name: /撤回提交/ }).click();
  await expect(page.getByText('已撤回，可继续修改')).toBeVisible();
  expect((await storedReview(who.token, who.assignmentId))?.status).toBe('DRAFT');
  await expect(page.getByLabel(PROGRESS)).toBeEnabled();
  // declaring a conflict says the draft goes (cancelled here: the draft stays)
  await page.getByRole('button', { name: /声明回避/ }).click();
  await expect(page.getByRole('dialog')).toContainText('评分草稿将被丢弃');
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /取\s*消/ })
    .click();
});
