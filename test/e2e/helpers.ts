import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

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
