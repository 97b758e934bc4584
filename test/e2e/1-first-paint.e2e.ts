/// <reference lib="dom" />
import { expect, test, type Page } from '@playwright/test';
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

/** Requests for the build's chunks, by name (`LoginPage-AbC123.js` → `LoginPage`), in the order asked. */
function chunkRequests(page: Page): string[] {
  const asked: string[] = [];
  page.on('request', (r) => {
    const m = /\/assets\/([A-Za-z]+)-[\w-]+\.js$/.exec(r.url());
    if (m) asked.push(m[1]);
  });
  return asked;
}
/** Holds the entry bundle back until the returned function is called. */
async function holdEntry(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test('the first page’s code is asked for with the first bundle, before it has arrived and run', async ({ page }) => {
  // signed out: the sign-in page
  const asked = chunkRequests(page);
  let release = await holdEntry(page);
  await page.goto(base() + '/login', { waitUntil: 'commit' });
  await expect.poll(() => asked.includes('LoginPage')).toBe(true);
  expect(asked).not.toContain('Shell');
  release();
  await expect(page.getByLabel('邮箱')).toBeEditable();

  // signed in, on a scoring page: the shell and the scoring page
  await page.getByLabel('邮箱').fill('reviewer1@demo.local');
  await page.getByLabel('密码').fill('demo-reviewer');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const href = await page.locator('main a[href^="/reviews/"]').first().getAttribute('href');
  await page.unrouteAll({ behavior: 'wait' });
  asked.length = 0;
  release = await holdEntry(page);
  await page.goto(base() + href, { waitUntil: 'commit' });
  await expect.poll(() => ['Shell', 'ReviewPage'].every((c) => asked.includes(c))).toBe(true);
  expect(asked).not.toContain('LoginPage');
  release();
  await expect(page.getByRole('form', { name: '评分' }).or(page.getByTestId('pledge-text'))).toBeVisible();
});

test('a cold load of a scoring page asks for its data once, beside who the reader is; a later visit asks again', async ({
  page,
}) => {
  const asked: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/graphql') && r.method() === 'POST')
      asked.push((r.postDataJSON() as { operationName?: string }).operationName ?? '');
  });
  await page.goto(base() + '/login');
  await page.getByLabel('邮箱').fill('reviewer1@demo.local');
  await page.getByLabel('密码').fill('demo-reviewer');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const href = await page.locator('main a[href^="/reviews/"]').first().getAttribute('href');
  asked.length = 0;
  await page.goto(base() + href);
  const form = page.getByRole('form', { name: '评分' }).or(page.getByTestId('pledge-text'));
  await expect(form).toBeVisible();
  expect(asked.filter((o) => o === 'AssignmentDetail')).toHaveLength(1);
  // asked beside `me` (the first two requests), not once the shell has it
  expect(asked.slice(0, 2).sort()).toEqual(['AssignmentDetail', 'Me']);
  // back to the list and to the page again: the server's latest is read again
  asked.length = 0;
  await page.getByRole('link', { name: '我的评审' }).first().click();
  await page.locator(`main a[href="${href}"]`).first().click();
  await expect(form).toBeVisible();
  await expect.poll(() => asked.filter((o) => o === 'AssignmentDetail').length).toBe(1);
});
