import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { shot, signedInBrowser } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * Confidential materials in the browser: a reviewer on a phone reads a proposal in the page (pdf.js
 * draws it on a canvas; the note says it carries their name; no download button), in both
 * languages; the officer finds that reading in the round's access records, narrows them to the
 * reviewer, and allows downloads in the round's settings; the reviewer then keeps a stamped copy.
 * Own server with the demo data. Screenshots: 11-confidential-*.
 */
let server: AppServer;
let pick: { assignment_id: string; round_id: string; email: string; name: string; external_id: string };

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  server = await startServer({ demo: true, name: 'confidential' });
  // a reviewer at work in an open round on a project with a proposal, without a conflict
  [pick] = await server.sql(
    `SELECT a.id AS assignment_id, a.round_id, u.email, u.name, p.external_id
       FROM assignments a JOIN users u ON u.id = a.reviewer_id JOIN review_rounds r ON r.id = a.round_id
       JOIN applications p ON p.id = a.application_id
      WHERE r.status = 'OPEN' AND a.status = 'ACTIVE' AND u.email LIKE 'reviewer%@demo.local'
        AND EXISTS (SELECT 1 FROM documents d WHERE d.application_id = a.application_id AND d.kind = 'PROPOSAL')
        AND NOT EXISTS (SELECT 1 FROM conflicts c WHERE c.application_id = a.application_id AND c.reviewer_id = a.reviewer_id)
      ORDER BY u.email LIMIT 1`,
  );
  expect(pick).toBeTruthy();
});
test.afterAll(async () => {
  await server?.stop();
});

const open = (browser: Browser, email: string, password: string, phone: boolean) =>
  signedInBrowser(browser, server.base, email, password, phone);

/** The proposal opened from the review page; the dialog once its first page is drawn. */
async function readProposal(page: Page, pageLabel: RegExp) {
  await page.goto(`${server.base}/reviews/${pick.assignment_id}`);
  await page
    .getByRole('button', { name: /申请书|Proposal/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByTestId('viewer-page')).toHaveText(pageLabel, { timeout: 30_000 });
  // the canvas holds a drawn page: ink (the page's text and the stamp), not a blank sheet
  await expect
    .poll(() =>
      dialog.getByTestId('viewer-canvas').evaluate((c: HTMLCanvasElement) => {
        const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
        let ink = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] < 200 || data[i + 1] < 200 || data[i + 2] < 200) ink++;
        return c.width > 0 && ink > 500;
      }),
    )
    .toBe(true);
  return dialog;
}

test('a reviewer on a phone reads the proposal in the page, stamped with their name, without a download', async ({
  browser,
}) => {
  const page = await open(browser, pick.email, 'demo-reviewer', true);
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  const dialog = await readProposal(page, /^第 1 \/ \d+ 页$/);
  await expect(dialog.getByText(/每页带有您的姓名、账号和时间水印/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: /下载/ })).toHaveCount(0);
  // pdf.js came with the document, not with the page
  expect(requests.some((u) => /PdfPages-.*\.js$/.test(u))).toBe(true);
  expect(requests.filter((u) => /\/documents\//.test(u)).every((u) => !u.includes('download'))).toBe(true);
  // the dialog fits the phone
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, '11-confidential-phone');
  // the viewer meets the same accessibility bar as every page (axe: no serious or critical rule)
  const axe = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
  expect(serious).toEqual([]);
  // in English too
  await dialog.getByRole('button', { name: /close|关闭/i }).click();
  await page.getByRole('button', { name: /切换语言/ }).click();
  const en = await readProposal(page, /^Page 1 of \d+$/);
  await expect(en.getByText(/every page carries your name/)).toBeVisible();
  await page.context().close();
});

test('the officer sees who read it, narrows to the reviewer, and allows downloads for the round', async ({
  browser,
}) => {
  const page = await open(browser, 'officer@demo.local', 'demo-officer', false);
  await page.goto(`${server.base}/rounds?round=${pick.round_id}&tab=access`);
  const row = page.locator('tbody tr.ant-table-row').filter({ hasText: pick.email });
  await expect(row.first()).toContainText('阅读');
  await expect(row.first()).toContainText(pick.external_id);
  await row
    .first()
    .getByRole('button', { name: new RegExp(pick.email.replace('.', '\\.')) })
    .click();
  await expect(page.getByText(`查阅人：${pick.name}`)).toBeVisible();
  // every row now is the reviewer's: two readings (one per language)
  await expect(page.locator('tbody tr.ant-table-row')).toHaveCount(2);
  await shot(page, '11-confidential-access');
  await page.getByRole('tab', { name: '设置' }).click();
  await page.getByRole('switch', { name: '允许评审专家下载（带水印）' }).click();
  await page.getByRole('button', { name: /保存设置/ }).click();
  await expect(page.getByText('已保存设置')).toBeVisible();
  await page.context().close();
});

test('the reviewer then keeps a stamped copy', async ({ browser }) => {
  const page = await open(browser, pick.email, 'demo-reviewer', false);
  const dialog = await readProposal(page, /^第 1 \/ \d+ 页$/);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: '下载（带水印）' }).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  await page.context().close();
});

test('an officer sets how long the call keeps its materials and reviews', async ({ browser }) => {
  const page = await open(browser, 'officer@demo.local', 'demo-officer', false);
  await page.goto(server.base + '/');
  await page
    .getByRole('button', { name: /保存期限/ })
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('尚未定稿').first()).toBeVisible();
  await dialog.getByLabel('评审材料保存（年）').fill('12');
  await expect(dialog.getByText('评审意见的保存期限不得短于评审材料')).toBeVisible();
  await dialog.getByLabel('评审意见保存（年）').fill('15');
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page.getByText('已保存保存期限')).toBeVisible();
  const [row] = await server.sql<{ m: number; r: number }>(
    `SELECT materials_retention_years AS m, reviews_retention_years AS r FROM programs ORDER BY year LIMIT 1`,
  );
  expect(row).toEqual({ m: 12, r: 15 });
  await page.context().close();
});

test('an expert downloads their own data; closing is refused while work is open, and a lead closes theirs', async ({
  browser,
}) => {
  const page = await open(browser, pick.email, 'demo-reviewer', true);
  await page.goto(server.base + '/profile');
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '下载我的数据' }).click(),
  ]);
  const data = JSON.parse(readFileSync(await file.path(), 'utf8'));
  expect(data.account.email).toBe(pick.email);
  await page.getByRole('button', { name: '注销账号' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('密码').fill('demo-reviewer');
  await dialog.getByRole('button', { name: '确认注销' }).click();
  await expect(dialog.getByRole('alert')).toContainText('尚有未完成的工作');
  await page.context().close();

  const lead = await open(browser, 'pi2@demo.local', 'demo-pi', true);
  await lead.getByRole('button', { name: '注销账号' }).click();
  await lead.getByRole('dialog').getByLabel('密码').fill('demo-pi');
  await lead.getByRole('dialog').getByRole('button', { name: '确认注销' }).click();
  await expect(lead.getByRole('heading', { name: '登录' })).toBeVisible();
  const [u] = await server.sql<{ name: string; closed: boolean }>(
    `SELECT name, closed_at IS NOT NULL AS closed FROM users WHERE email LIKE 'closed-%'`,
  );
  expect(u).toEqual({ name: expect.stringMatching(/^已注销 E/), closed: true });
  await lead.context().close();
});
