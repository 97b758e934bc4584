/// <reference lib="dom" />
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { base, signIn } from './helpers';

/**
 * axe-core over every page a person reaches, as each role, in both languages: no serious or
 * critical violation (WCAG 2.1 A/AA rules and axe's best practices), and one h1 per page.
 * A failure lists each rule with the nodes it found.
 */

interface Found {
  page: string;
  rule: string;
  impact: string;
  nodes: string[];
}

async function audit(page: Page, name: string, found: Found[]) {
  // let the page settle: data loaded, no spinner left
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0, { timeout: 20_000 });
  const r = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze();
  for (const v of r.violations)
    if (v.impact === 'serious' || v.impact === 'critical')
      found.push({
        page: name,
        rule: v.id,
        impact: v.impact,
        nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
      });
  const h1 = await page.locator('h1').count();
  if (h1 !== 1) found.push({ page: name, rule: 'one-h1-per-page', impact: 'serious', nodes: [`${h1} h1`] });
}

const report = (found: Found[]) =>
  found.map((f) => `${f.page} · ${f.rule} (${f.impact}) × ${f.nodes.join(' | ')}`).join('\n');

for (const lang of ['zh-CN', 'en-US'] as const) {
  test(`no serious accessibility violation on any page (${lang})`, async ({ page }) => {
    test.setTimeout(180_000);
    const found: Found[] = [];
    await page.goto(base() + '/login');
    await page.evaluate((l) => localStorage.setItem('tianyuan.lang', l), lang);
    await page.reload();
    await expect(page.locator('#boot')).toHaveCount(0);
    await audit(page, 'sign-in', found);

    await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'zh-CN'));
    await signIn(page, 'reviewer1@demo.local', 'demo-reviewer');
    await page.evaluate((l) => localStorage.setItem('tianyuan.lang', l), lang);
    await page.goto(base() + '/reviews');
    await audit(page, 'reviewer list', found);
    const href = await page.locator('main a[href^="/reviews/"]').first().getAttribute('href');
    await page.goto(base() + href);
    await audit(page, 'scoring page', found);
    for (const [name, path] of [
      ['invitations', '/invitations'],
      ['notices', '/notices'],
      ['profile', '/profile'],
      ['panel meetings', '/panels'],
    ]) {
      await page.goto(base() + path);
      await audit(page, name, found);
    }
    await page.getByRole('button', { name: /退出登录|Sign out/ }).click();

    await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'zh-CN'));
    await signIn(page, 'officer@demo.local', 'demo-officer');
    await page.evaluate((l) => localStorage.setItem('tianyuan.lang', l), lang);
    for (const [name, path] of [
      ['officer home', '/'],
      ['applications', '/applications'],
      ['expert pool', '/reviewers'],
      ['reviewer workload', '/reviewers?tab=workload'],
      ['institutions', '/reviewers?tab=institutions'],
      ['publications and relations', '/reviewers?tab=evidence'],
      ['round progress', '/rounds?tab=progress'],
      ['round assignment', '/rounds?tab=assignment'],
      ['round conflicts', '/rounds?tab=conflicts'],
      ['round ranking', '/rounds?tab=ranking'],
      ['round decisions', '/rounds?tab=decisions'],
      ['round exports', '/rounds?tab=exports'],
      ['round audit', '/rounds?tab=audit'],
      ['round invitations', '/rounds?tab=invitations'],
      ['round reviews', '/rounds?tab=reviews'],
      ['round panel meetings', '/rounds?tab=panels'],
      ['round progress reports', '/rounds?tab=reports'],
      ['round document access', '/rounds?tab=access'],
    ]) {
      await page.goto(base() + path);
      await audit(page, name, found);
    }
    // the expert form, as an officer opens it to edit
    await page.goto(base() + '/reviewers');
    await page
      .locator('tbody tr.ant-table-row')
      .first()
      .getByRole('button', { name: /^(编辑专家|Edit expert) / })
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    // measured once the dialog has finished fading in (mid-animation colours are not what people read)
    await expect
      .poll(() =>
        page.locator('.ant-modal').evaluate((el) => getComputedStyle(el).opacity + getComputedStyle(el).transform),
      )
      .toMatch(/^1(none|matrix\(1, 0, 0, 1, 0, 0\))$/);
    await audit(page, 'expert form', found);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /退出登录|Sign out/ }).click();

    // the funded teams' leads: a submitted report with its feedback (pi1), a draft form (pi2)
    for (const pi of ['pi1@demo.local', 'pi2@demo.local']) {
      await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'zh-CN'));
      await signIn(page, pi, 'demo-pi');
      await page.evaluate((l) => localStorage.setItem('tianyuan.lang', l), lang);
      await page.goto(base() + '/projects');
      await audit(page, `my projects (${pi})`, found);
      await page.getByRole('button', { name: /退出登录|Sign out/ }).click();
    }

    await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'zh-CN'));
    await signIn(page, 'admin@demo.local', 'demo-admin');
    await page.evaluate((l) => localStorage.setItem('tianyuan.lang', l), lang);
    await page.goto(base() + '/users');
    await audit(page, 'users', found);
    await page.evaluate(() => localStorage.setItem('tianyuan.lang', 'zh-CN'));

    console.log(`axe (${lang}): ${found.length} serious/critical rule hits\n${report(found)}`);
    expect(found, report(found)).toEqual([]);
  });
}
