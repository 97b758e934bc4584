import { expect, test } from '@playwright/test';
import { cancelShownRun, shot, signedInBrowser } from './helpers';
import { startServer, type AppServer } from './server';

/**
 * A round whose conflicts are too many for one list: the officer's conflicts tab reads them from
 * the server a page at a time (keyset cursor), filters by rule on the server, and says why there
 * is no matrix. Own server with the demo data and 1,200 more conflicts planted in a fresh round
 * (the demo's 40 applications × 30 reviewers, one rule). Screenshot: 10-scale-conflicts.
 */
let server: AppServer;
let roundId = '';

test.describe.configure({ mode: 'serial' });
test.setTimeout(180_000);

test.beforeAll(async () => {
  server = await startServer({ demo: true, name: 'scale' });
  const [round] = await server.sql<{ id: string }>(
    `INSERT INTO review_rounds (program_id, kind, name_zh, name_en, status, opens_at, closes_at, criteria, recommendation_options)
     SELECT program_id, 'INITIAL', '规模测试轮次', 'Scale test round', 'DRAFT', now() + interval '1 day', now() + interval '9 days', criteria, recommendation_options
       FROM review_rounds WHERE kind = 'INITIAL' ORDER BY opens_at LIMIT 1 RETURNING id`,
  );
  roundId = round.id;
  await server.sql(
    `INSERT INTO conflicts (round_id, application_id, reviewer_id, rule, evidence, evidence_zh, source)
     SELECT $1, a.id, u.id, CASE WHEN u.n % 3 = 0 THEN 'COAUTHOR' ELSE 'INSTITUTION' END,
            'planted at scale', '规模测试植入的依据 ' || a.external_id, 'DETECTED'
       FROM (SELECT id, external_id FROM applications ORDER BY external_id LIMIT 40) a
      CROSS JOIN (SELECT id, row_number() OVER (ORDER BY email) AS n FROM users WHERE 'REVIEWER' = ANY(roles) ORDER BY email LIMIT 30) u`,
    [roundId],
  );
});
test.afterAll(async () => server?.stop());

test('an officer pages through 1,200 conflicts, filters them by rule, and is told why there is no matrix', async ({
  browser,
}) => {
  const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
  await page.goto(`${server.base}/rounds?round=${roundId}&tab=conflicts`);
  // too many for a matrix: the tab opens on the list and the matrix says why
  const pager = page.getByLabel('翻页');
  await expect(pager.getByText('第 1 / 40 页，共 1200 条')).toBeVisible();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(30);
  const firstOfPage1 = await rows.first().getAttribute('data-row-key');
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager.getByText('第 2 / 40 页，共 1200 条')).toBeVisible();
  await expect(rows).toHaveCount(30);
  await expect(rows.first()).not.toHaveAttribute('data-row-key', firstOfPage1!);
  await pager.getByRole('button', { name: '上一页' }).click();
  await expect(pager.getByText('第 1 / 40 页，共 1200 条')).toBeVisible();
  await expect(rows.first()).toHaveAttribute('data-row-key', firstOfPage1!);
  // the rule filter runs on the server: 40 projects × the 10 reviewers planted as co-authors
  await page.getByLabel('规则').click();
  await page.getByTitle('合作者').click();
  await expect(pager.getByText('第 1 / 14 页，共 400 条')).toBeVisible();
  await expect(rows.first()).toContainText('合作者');
  await page.keyboard.press('Escape');
  await shot(page, '10-scale-conflicts');
  await page.getByText('矩阵', { exact: true }).click();
  await expect(page.getByText(/本轮回避共 1200 条，超过矩阵可显示的 500 条/)).toBeVisible();
  // English: one language at a time
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByText(/This round has 1200 conflicts/)).toBeVisible();
  await page.context().close();
});

test('detection runs in the background with its stage shown, and the officer cancels it: nothing changes', async ({
  browser,
}) => {
  // another detection holds the lock, so the run waits at its first stage
  const holder = await server.connect();
  await holder.query('BEGIN');
  await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('conflict-detection', 0))`);
  try {
    const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
    await page.goto(`${server.base}/rounds?round=${roundId}&tab=conflicts`);
    await page.getByRole('button', { name: '重新检测', exact: true }).click();
    const progress = page.getByTestId('run-progress');
    await expect(progress.getByText('等待其他检测完成')).toBeVisible();
    await expect(page.getByRole('progressbar', { name: '利益冲突检测进度' })).toBeVisible();
    await shot(page, '10-scale-detection-running');
    await cancelShownRun(page, progress);
    await page.context().close();
  } finally {
    await holder.query('ROLLBACK');
    await holder.end();
  }
  // the run went on to its next stage, found itself cancelled and rolled back: the round (no
  // projects of its own) would otherwise have lost its 1,200 planted conflicts
  await new Promise((r) => setTimeout(r, 2000));
  const [{ n }] = await server.sql<{ n: number }>(`SELECT count(*)::int AS n FROM conflicts WHERE round_id = $1`, [
    roundId,
  ]);
  expect(n).toBe(1200);
  const [run] = await server.sql<{ status: string }>(
    `SELECT status FROM jobs WHERE kind = 'conflicts.detect' ORDER BY created_at DESC LIMIT 1`,
  );
  expect(run.status).toBe('CANCELLED');
});

test('a long export shows what has arrived and can be stopped; the next one completes', async ({ browser }) => {
  const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
  await page.goto(`${server.base}/rounds?round=${roundId}&tab=exports`);
  // the server is slow to answer (a big round): the request waits until the test lets it go
  let release: () => void = () => undefined;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/exports/rounds/**', async (route) => {
    await held;
    await route.continue().catch(() => undefined); // the page may have given up on it already
  });
  let saved = false;
  page.on('download', () => (saved = true));
  await page
    .getByRole('button', { name: /冲突.*XLSX|回避.*XLSX/ })
    .first()
    .click();
  const progress = page.getByTestId('export-progress');
  await expect(progress).toContainText(/正在导出 conflicts\.xlsx：已接收 0\.0 MB/);
  await progress.getByRole('button', { name: /取\s*消/ }).click();
  await expect(page.getByText('已取消', { exact: true })).toBeVisible();
  await expect(progress).toHaveCount(0);
  release();
  await page.unroute('**/exports/rounds/**');
  expect(saved).toBe(false);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', { name: /冲突.*XLSX|回避.*XLSX/ })
      .first()
      .click(),
  ]);
  expect(file.suggestedFilename()).toBe('conflicts.xlsx');
  await page.context().close();
});

test('an import shows the server’s stage while it works, and the officer cancels it: nothing is stored', async ({
  browser,
}) => {
  // another import holds the import lock, so this one checks its rows and then waits
  const holder = await server.connect();
  await holder.query('BEGIN');
  await holder.query('SELECT pg_advisory_xact_lock(7210002)');
  const csv = [
    'expert_id,name,name_en,emails,orcid,title,disciplines,application_codes,keywords,institution,from,to',
    ...Array.from(
      { length: 5 },
      (_, i) => `CANCEL-${i},取消测试专家${i},,cancel${i}@pku.edu.cn,,,MATH,,,北京大学,2019,`,
    ),
  ].join('\n');
  try {
    const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', false);
    await page.goto(`${server.base}/reviewers`);
    const card = page.getByTestId('experts-import');
    await card.locator('input[type=file]').setInputFiles({
      name: 'experts.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const progress = card.getByTestId('run-progress');
    await expect(progress.getByText('校验 5 行')).toBeVisible();
    await expect(card.getByRole('progressbar', { name: '导入进度' })).toBeVisible();
    await shot(page, '10-scale-import-running');
    await cancelShownRun(page, progress);
    await holder.query('ROLLBACK'); // the import goes on to its next report, finds itself cancelled and rolls back
    await expect(card.getByText(/处错误/)).toHaveCount(0);
    await expect(card.getByText('点击或拖入专家 CSV / XLSX（先预览，确认后导入）')).toBeVisible();
    await page.context().close();
  } finally {
    await holder.query('ROLLBACK').catch(() => undefined);
    await holder.end();
  }
  const [{ n }] = await server.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM persons WHERE name LIKE '取消测试专家%'`,
  );
  expect(n).toBe(0);
  const [run] = await server.sql<{ status: string; kind: string }>(
    `SELECT status, kind FROM jobs WHERE kind = 'import.experts' ORDER BY created_at DESC LIMIT 1`,
  );
  expect(run).toEqual({ status: 'CANCELLED', kind: 'import.experts' });
});

test('an administrator pages through many accounts on the server, finds one and narrows by role', async ({
  browser,
}) => {
  await server.sql(
    `INSERT INTO users (email, name, roles, password_hash)
     SELECT 'scale-user-' || lpad(n::text, 3, '0') || '@example.org', '规模用户' || n, '{REVIEWER}', password_hash
       FROM generate_series(1, 80) n, (SELECT password_hash FROM users WHERE email = 'reviewer1@demo.local') h
     ON CONFLICT DO NOTHING`,
  );
  const [{ n: total }] = await server.sql<{ n: number }>(`SELECT count(*)::int AS n FROM users`);
  const page = await signedInBrowser(browser, server.base, 'admin@demo.local', 'demo-admin', false);
  await page.goto(`${server.base}/users`);
  const pager = page.getByLabel('翻页');
  const pages = Math.ceil(total / 50);
  await expect(pager.getByText(`第 1 / ${pages} 页，共 ${total} 条`)).toBeVisible();
  const rows = page.locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(50);
  await pager.getByRole('button', { name: '下一页' }).click();
  await expect(pager.getByText(`第 2 / ${pages} 页，共 ${total} 条`)).toBeVisible();
  await expect(rows).toHaveCount(Math.min(50, total - 50));
  // found on the server by e-mail, whatever page it is on
  await page.getByRole('searchbox', { name: '按姓名或邮箱查找' }).fill('scale-user-077');
  await page.getByRole('searchbox', { name: '按姓名或邮箱查找' }).press('Enter');
  await expect(pager.getByText('第 1 / 1 页，共 1 条')).toBeVisible();
  await expect(rows.first()).toContainText('规模用户77');
  await page.getByRole('searchbox', { name: '按姓名或邮箱查找' }).fill('');
  await page.getByRole('searchbox', { name: '按姓名或邮箱查找' }).press('Enter');
  // narrowed by role
  const [{ n: admins }] = await server.sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE 'ADMIN' = ANY(roles)`,
  );
  await page.getByRole('combobox', { name: '角色' }).first().click();
  await page.locator('.ant-select-item-option[title="管理员"]').click();
  await expect(pager.getByText(`第 1 / 1 页，共 ${admins} 条`)).toBeVisible();
  await page.keyboard.press('Escape');
  await shot(page, '10-scale-users');
  await page.context().close();
});

test('an officer on a phone pages through a round’s 45 invitations in English, unanswered first, and narrows them on the server', async ({
  browser,
}) => {
  // 45 experts of the pool invited to the scale round, nine in each state
  await server.sql(
    `INSERT INTO invitations (round_id, person_id, email, status, respond_by, link_nonce, created_at)
     SELECT $1, p.id, 'scale-invitee-' || lpad(n::text, 2, '0') || '@example.org',
            (ARRAY['ACCEPTED','PENDING','WITHDRAWN','DECLINED','EXPIRED'])[1 + n % 5], now() + interval '7 days',
            'nonce-' || n, now() - n * interval '1 minute'
       FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM persons) p WHERE n <= 45`,
    [roundId],
  );
  const page = await signedInBrowser(browser, server.base, 'officer@demo.local', 'demo-officer', true);
  await page.goto(`${server.base}/rounds?round=${roundId}&tab=invitations`);
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByTestId('invitation-counts')).toHaveText('9 accepted · 9 awaiting · 9 declined · 9 expired');
  const sent = page.getByRole('region', { name: 'Invitations sent' });
  const pager = sent.getByLabel('Pages');
  await expect(pager.getByText('Page 1 of 3, 45 in all')).toBeVisible();
  const states = sent.getByTestId('invitation-row-status');
  await expect(states).toHaveCount(20);
  // unanswered first (nine), then declined
  await expect(states.nth(0)).toHaveText('Awaiting answer');
  await expect(states.nth(8)).toHaveText('Awaiting answer');
  await expect(states.nth(9)).toHaveText('Declined');
  await pager.getByRole('button', { name: 'Next' }).click();
  await expect(pager.getByText('Page 2 of 3, 45 in all')).toBeVisible();
  // 9 awaiting, 9 declined and 2 expired were on the first page: 7 expired more, then the accepted
  await expect(states.nth(0)).toHaveText('Expired');
  await expect(states.nth(6)).toHaveText('Expired');
  await expect(states.nth(7)).toHaveText('Accepted');
  await noSidewaysScroll(page);
  // by state, on the server: back to the first page
  await sent.getByRole('combobox', { name: 'Invitation', exact: true }).click();
  await page.locator('.ant-select-item-option[title="Expired"]').click();
  await expect(pager).toHaveCount(0);
  await expect(states).toHaveCount(9);
  for (const s of await states.allTextContents()) expect(s).toBe('Expired');
  // by e-mail, whatever state or page it is on
  await sent.getByRole('combobox', { name: 'Invitation', exact: true }).blur();
  await page.keyboard.press('Escape');
  await sent.locator('.ant-select-clear').click({ force: true });
  const search = sent.getByRole('searchbox', { name: 'Find by expert name or e-mail' });
  await search.fill('scale-invitee-07');
  await search.press('Enter');
  await expect(states).toHaveCount(1);
  await search.fill('nobody-of-that-name');
  await search.press('Enter');
  await expect(sent.getByText('No invitation matches')).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, '10-scale-invitations');
  await page.context().close();
});

async function noSidewaysScroll(page: import('@playwright/test').Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}
