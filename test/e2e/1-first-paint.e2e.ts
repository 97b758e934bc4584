/// <reference lib="dom" />
import { expect, test } from '@playwright/test';
import { base } from './helpers';

test('the sign-in page is drawn from the HTML alone, before any script arrives, in the reader’s language', async ({
  page,
}) => {
  // no script reaches the browser at all
  await page.route('**/*.js', (route) => route.abort());
  await page.goto(base() + '/login');
  await expect(page.getByRole('heading', { name: '登录' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '天元数学与智能+ 评审平台' })).toBeVisible();
  await expect(page.getByText('Sign in')).toBeHidden();
  // a reader who chose English sees English
  await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'en-US'));
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '登录' })).toBeHidden();
  await page.evaluate(() => localStorage.removeItem('tianyuan.lang'));
  const icon = await page.request.get(base() + '/favicon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg+xml');
});

test('once the scripts run, the real sign-in form replaces the first screen', async ({ page }) => {
  await page.goto(base() + '/login');
  await expect(page.getByLabel('邮箱')).toBeEditable();
  await expect(page.locator('#boot')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveCount(1);
});

test('a failed sign-in is told in the reader’s language only', async ({ page }) => {
  await page.goto(base() + '/login');
  await page.getByLabel('邮箱').fill('officer@demo.local');
  await page.getByLabel('密码').fill('not-the-password');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('alert')).toHaveText('邮箱或密码错误');
  await page.getByRole('button', { name: /切换语言/ }).click();
  await page.getByLabel('E-mail').fill('officer@demo.local');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong e-mail or password');
  await page.getByRole('button', { name: /switch language/ }).click();
});
