import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';

export const base = () => process.env.E2E_BASE_URL!;
const shots = join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function shot(page: Page, name: string) {
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto(base() + '/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText(email);
}

/** On a draft round's settings tab: the first criterion's weight down to 25, a fifth-weight criterion on the call's targets added. */
export async function addTargetsCriterion(page: Page) {
  await page.getByLabel('权重 1', { exact: true }).fill('25');
  await page.getByRole('button', { name: '添加指标' }).click();
  const n = await page.getByLabel(/^代码 \d+$/).count();
  await page.getByLabel(`代码 ${n}`, { exact: true }).fill('fit_targets');
  await page.getByLabel(`名称（中文） ${n}`, { exact: true }).fill('与考核指标的契合度');
  await page.getByLabel(`名称（英文） ${n}`, { exact: true }).fill('Fit with the targets');
  await page.getByLabel(`权重 ${n}`, { exact: true }).fill('5');
  await expect(page.getByTestId('weight-sum')).toHaveText('权重合计 100');
}

/** The budget dialog of a call, from its card on the home page. */
export async function openBudget(page: Page, code: string) {
  await page
    .locator('.ant-card')
    .filter({ hasText: code })
    .getByRole('button', { name: /经\s*费/ })
    .click();
  return page.getByRole('dialog');
}

/**
 * A person in a browser of their own (a context: cookies and storage apart), signed in: on a
 * 390 px phone or a desktop, in Chinese and Beijing time.
 */
export async function signedInBrowser(
  browser: Browser,
  server: string,
  email: string,
  password: string,
  phone: boolean,
): Promise<Page> {
  const context = await browser.newContext({
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: phone ? { width: 390, height: 844 } : { width: 1366, height: 900 },
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  await page.goto(server + '/login');
  await page.getByLabel('邮箱').fill(email);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText(email);
  return page;
}

/**
 * Answers a confirmation dialog (antd's modal.confirm) and waits until it has gone. A click that
 * the dialog did not take (seen twice in CI, cause unknown: the dialog stayed, its button idle)
 * is made again, as a person would; a second click on a button already at work does nothing
 * (antd ignores it), so an action never runs twice.
 */
export async function confirmDialog(page: Page, button: string | RegExp, dialogName?: string) {
  const dialog = dialogName ? page.getByRole('dialog', { name: dialogName }) : page.getByRole('dialog');
  await expect(async () => {
    if (await dialog.isVisible()) await dialog.getByRole('button', { name: button }).click({ timeout: 2_000 });
    await expect(dialog).toBeHidden({ timeout: 4_000 });
  }).toPass({ timeout: 30_000 });
}

/** Cancels the run a progress bar shows (its button, then the dialog's) and sees it go. */
export async function cancelShownRun(page: Page, progress: Locator) {
  await progress.getByRole('button', { name: /取\s*消/ }).click();
  await confirmDialog(page, /取\s*消/);
  await expect(page.getByText('已取消', { exact: true })).toBeVisible();
  await expect(progress).toHaveCount(0);
}

/**
 * Picks a round in the rounds page's selector and waits until the selector shows it: a click on
 * an option while antd's list is still opening can miss, so the choice is made again until it took.
 */
export async function chooseRound(page: Page, name: RegExp) {
  const select = page.locator('.ant-select').filter({ has: page.getByLabel('选择评审轮次') });
  await expect(async () => {
    if (!(await page.locator('.ant-select-dropdown:visible').count())) await page.getByLabel('选择评审轮次').click();
    await page.locator('.ant-select-item-option').and(page.getByTitle(name)).click({ timeout: 2_000 });
    await expect(select.locator('.ant-select-content, .ant-select-selection-item').first()).toHaveAttribute(
      'title',
      name,
      {
        timeout: 2_000,
      },
    );
  }).toPass({ timeout: 30_000 });
}
