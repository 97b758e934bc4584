import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { addTargetsCriterion, shot } from './helpers';
import { startServer, type AppServer } from './server';

const CALL_FILE = join(__dirname, '..', '..', 'calls', 'TY-SZ-2023.json');
let server: AppServer;

test.beforeAll(async () => {
  server = await startServer({ demo: false, name: 'empty' });
  const admin = server.cli(
    ['create-user', '--email', 'chief@call.test', '--role', 'ADMIN,PROGRAM_OFFICER', '--name', '首席主管'],
    'Stars-Over-Shenzhen-7\n',
  );
  expect(admin.stderr).toBe('');
  expect(admin.status).toBe(0);
});
test.afterAll(() => server?.stop());

async function signIn(page: Page) {
  await page.goto(server.base + '/login');
  await page.getByLabel('邮箱').fill('chief@call.test');
  await page.getByLabel('密码').fill('Stars-Over-Shenzhen-7');
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText('chief@call.test');
}

test('on an empty database an officer imports the 2023 call from its file, reads its targets and copies it to 2024', async ({
  page,
}) => {
  await signIn(page);
  await expect(page.getByText('暂无资助计划：点击“导入资助指南”')).toBeVisible();
  await shot(page, '4-call-01-empty');

  // a broken definition first: every problem is listed by its path and nothing is written
  await page.getByRole('button', { name: '导入资助指南' }).click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByLabel('资助指南定义（JSON）')
    .fill(JSON.stringify({ code: 'bad code', year: 1999, directions: [] }));
  await dialog.getByTestId('call-check').click();
  const problems = dialog.getByTestId('call-problems');
  await expect(problems).toContainText('code');
  await expect(problems).toContainText('year');
  await expect(problems).toContainText('directions');
  await expect(dialog.getByText(/处问题，未写入/)).toBeVisible();
  await shot(page, '4-call-02-problems');

  // the shipped file, checked, then imported
  await dialog.locator('input[type=file]').setInputFiles(CALL_FILE);
  await expect(dialog.getByLabel('资助指南定义（JSON）')).toHaveValue(/TY-SZ-2023/);
  await dialog.getByTestId('call-check').click();
  await expect(
    dialog.getByText('检查通过：TY-SZ-2023（2023 年度），14 个研究方向，31 项考核指标。尚未写入。'),
  ).toBeVisible();
  await dialog.getByTestId('call-import').click();
  await expect(page.getByText('已导入资助指南 TY-SZ-2023')).toBeVisible();
  await expect(dialog).toBeHidden();

  // the direction's content and its quantified targets
  const card = page.locator('.ant-card').filter({ hasText: '2023 · 2023年度数学天元基金' });
  await expect(card.getByText('可修改（尚无评审轮次开始）')).toBeVisible();
  await card.getByRole('row', { name: /支持医学大模型的元数据治理方法与平台/ }).click();
  const targets = card.getByTestId('targets-3');
  await expect(targets).toContainText('联合国内高水平医院 ≥ 50 家');
  await expect(targets).toContainText('头部、胸部、腹部 CT、MR 标准数据集 ≥ 20,000 例');
  await expect(card.getByText(/联合不少于 50 家国内高水平医院/)).toBeVisible();
  await expect(card.getByText('第2阶段')).toBeVisible();
  await shot(page, '4-call-03-imported');

  // next year's call: a copy under a new code, saved as such
  await card.getByRole('button', { name: '复制到新年度' }).click();
  await expect(dialog.getByLabel('指南编号')).toHaveValue('TY-SZ-2024');
  await expect(dialog.getByLabel('年度')).toHaveValue('2024');
  await dialog.getByTestId('call-import').click();
  await expect(page.getByText('已导入资助指南 TY-SZ-2024')).toBeVisible();
  await expect(page.locator('.ant-card').filter({ hasText: /^2024 · / })).toHaveCount(1);
  await shot(page, '4-call-04-copied');

  // the initial round of 2023, with a rubric of the officer's own
  await page.getByRole('link', { name: '评审轮次' }).click();
  await expect(page.getByText('暂无评审轮次')).toBeVisible();
  await page.getByRole('button', { name: '新建评审轮次' }).click();
  const create = page.getByRole('dialog');
  await create.getByRole('combobox', { name: '资助计划' }).click();
  await page.getByTitle(/^2023 · /).click();
  await expect(create.getByLabel('名称（中文）')).toHaveValue('2023年度初评');
  await create.locator('#new-round-create').click();
  await expect(page.getByText(/已创建评审轮次（草稿）/)).toBeVisible();
  await expect(page.getByRole('tab', { name: '设置', selected: true })).toBeVisible();
  await expect(page.getByTestId('weight-sum')).toHaveText('权重合计 100');
  await page.getByLabel('权重 1', { exact: true }).fill('25');
  await expect(page.getByText('各项权重之和须为 100（现为 95）')).toBeVisible();
  await expect(page.getByTestId('settings-save')).toBeDisabled();
  await addTargetsCriterion(page);
  await expect(page.getByTestId('rubric-preview')).toContainText('与考核指标的契合度');
  await page.getByTestId('settings-save').click();
  await expect(page.getByText('已保存设置')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('rubric-preview')).toContainText('与考核指标的契合度 （0–10，步长 1，权重 5）');
  await shot(page, '4-call-05-rubric');

  // in English, one language at a time
  await page.getByRole('link', { name: '首页' }).click();
  await page.getByRole('button', { name: /切换语言/ }).click();
  await expect(page.getByRole('button', { name: 'Import a call' })).toBeVisible();
  await expect(page.getByText('导入资助指南')).toHaveCount(0);
  const en = page.locator('.ant-card').filter({ hasText: 'TY-SZ-2023' });
  await en.getByRole('row', { name: /Metadata governance methods/ }).click();
  await expect(en.getByTestId('targets-3')).toContainText('partner hospitals ≥ 50 家');
  await shot(page, '4-call-06-english');
});
