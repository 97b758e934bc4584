/// <reference lib="dom" />
import { expect, test, type Locator, type Page } from '@playwright/test';
import { reviewerWithDraft } from './api';
import { base, shot, signIn } from './helpers';

/** A reviewer on a 390 × 844 phone: nothing wider than the screen, dialogs inside it, thumbs fit. */
test.use({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });

const noSidewaysScroll = async (page: Page) =>
  expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

async function inViewport(l: Locator) {
  const b = (await l.boundingBox())!;
  expect(b).not.toBeNull();
  expect(b.x).toBeGreaterThanOrEqual(0);
  expect(b.y).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width).toBeLessThanOrEqual(390);
  expect(b.y + b.height).toBeLessThanOrEqual(844);
}

async function atLeast44(l: Locator) {
  const b = (await l.boundingBox())!;
  expect(b.height).toBeGreaterThanOrEqual(44);
}

test('a reviewer on a phone reads the list as cards, scores a draft and sees dialogs on screen, in both languages', async ({
  page,
}) => {
  const who = await reviewerWithDraft();
  await signIn(page, who.email, 'demo-reviewer');
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
  await noSidewaysScroll(page);
  // the account's controls are on the screen, and large enough for a thumb
  const signOut = page.getByRole('button', { name: '退出登录' });
  await inViewport(signOut);
  await atLeast44(signOut);
  await inViewport(page.getByRole('button', { name: /切换语言/ }));
  // cards, not a squeezed table
  await expect(page.getByRole('table')).toHaveCount(0);
  const card = page
    .getByTestId('assignment-card')
    .filter({ has: page.locator(`a[href="/reviews/${who.assignmentId}"]`) });
  await expect(card).toBeVisible();
  const cardBox = (await card.boundingBox())!;
  expect(cardBox.width).toBeGreaterThan(300);
  await shot(page, 'phone-assignments');

  await card.getByRole('link').click();
  const field = page.getByLabel('计划执行进展');
  await expect(field).toBeVisible();
  await noSidewaysScroll(page);
  await atLeast44(field);
  await atLeast44(page.getByRole('radiogroup', { name: '总体评价' }).locator('label').first());
  const saved = page.waitForResponse((r) => (r.request().postData() ?? '').includes('SaveReview'));
  const value = (await field.inputValue()) === '6.5' ? '7' : '6.5'; // a change, whatever the draft held
  await field.fill(value);
  await saved;
  await expect(page.getByTestId('save-state')).toContainText('已自动保存');
  await shot(page, 'phone-scoring');

  // the confirmation dialogs open inside the screen
  const submit = page.getByRole('button', { name: /提交评审/ });
  await submit.scrollIntoViewIfNeeded();
  await atLeast44(submit);
  await submit.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await inViewport(dialog.getByRole('button', { name: /提交评审/ }));
  await inViewport(dialog.getByRole('button', { name: /取\s*消/ }));
  await shot(page, 'phone-submit-dialog');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: /声明回避/ }).click();
  const declare = page.getByRole('dialog');
  await inViewport(declare.getByRole('button', { name: /确认回避/ }));
  await declare.getByRole('button', { name: /取\s*消/ }).click();

  // English, one language at a time
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByLabel('Progress against the plan')).toBeVisible();
  await expect(page.getByText('计划执行进展')).toHaveCount(0);
  await noSidewaysScroll(page);
  await page.goto(base() + '/reviews');
  await expect(page.getByRole('heading', { name: 'My assignments' })).toBeVisible();
  // the header's name on one line: the short one (the full English name wrapped to six lines)
  const title = page.locator('header .app-title');
  await expect(title).toHaveText('Tianyuan Review', { useInnerText: true });
  expect((await title.boundingBox())!.height).toBeLessThan(30);
  await inViewport(page.getByRole('button', { name: 'Sign out' }));
  await noSidewaysScroll(page);
  await page.getByRole('button', { name: /switch language/ }).click();
  await expect(page.getByRole('heading', { name: '我的评审任务' })).toBeVisible();
});

test('an officer on a phone: the expert pool and its form fit the screen, in both languages', async ({ page }) => {
  await signIn(page, 'officer@demo.local', 'demo-officer');
  await page.goto(base() + '/reviewers');
  await expect(page.getByTestId('experts-total')).toHaveText('共 30 位');
  await noSidewaysScroll(page);
  await page
    .locator('tbody tr.ant-table-row')
    .first()
    .getByRole('button', { name: /^编辑专家 / })
    .click();
  const form = page.getByRole('dialog');
  // a long form scrolls; its buttons are reachable and inside the screen's width
  const save = form.getByRole('button', { name: /保\s*存/ });
  await save.scrollIntoViewIfNeeded();
  await inViewport(save);
  await noSidewaysScroll(page);
  await shot(page, 'phone-expert-form');
  await form.getByRole('button', { name: /取\s*消/ }).click();
  for (const tab of ['评审工作量', '单位库', '论文与关系']) {
    await page.getByRole('tab', { name: tab }).click();
    await noSidewaysScroll(page);
  }
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByRole('tab', { name: 'Institutions' })).toBeVisible();
  await expect(page.getByText('单位库')).toHaveCount(0);
  await noSidewaysScroll(page);
  // the workload and the applications, searched on the server, in English on the phone
  await page.getByRole('tab', { name: 'Workload' }).click();
  const workload = page.getByRole('searchbox', { name: 'Name, e-mail, institution or keyword' });
  await workload.fill('reviewer1@');
  await workload.press('Enter');
  await expect(page.getByText(/^1\d? reviewers?$/)).toBeVisible();
  await noSidewaysScroll(page);
  await page.goto(base() + '/applications');
  const find = page.getByRole('searchbox', { name: 'Find by number or title' });
  await find.fill('APP-2023-034');
  await find.press('Enter');
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(1);
  await expect(page.locator('tbody tr.ant-table-row')).toContainText('APP-2023-034');
  await noSidewaysScroll(page);
  await find.fill('no such project');
  await find.press('Enter');
  await expect(page.getByText('No application matches')).toBeVisible();
  await shot(page, 'phone-applications-search');
  await page.getByRole('button', { name: /switch language/ }).click();
});
