import { graphql } from '../../gql';
import type { CallBudgetQuery } from '../../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Modal, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { download } from '../../lib/download';
import { errorText, money, projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';

const CALL_BUDGET = graphql(`
  query CallBudget($programId: ID!) {
    budget(programId: $programId) {
      phase1Total
      phase2Total
      byYear {
        phase
        year
        amount
        funders
      }
      projects {
        direction
        status
        phase1Amount
        phase2Amount
        project {
          id
          externalId
          title
          titleEn
        }
      }
    }
  }
`);

type Project = CallBudgetQuery['budget']['projects'][number];
type Year = CallBudgetQuery['budget']['byYear'][number];
const STATUS_COLOR: Record<string, string> = {
  FUNDED: 'blue',
  CONTINUED: 'green',
  COMPLETED: 'default',
  TERMINATED: 'red',
};

/** Who funds what, in which phase and year: the call's budget, with its spreadsheet. */
export function BudgetDialog({
  program,
  onClose,
}: {
  program: { id: string; code: string } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { message } = App.useApp();
  const q = useQuery(CALL_BUDGET, {
    variables: { programId: program?.id ?? '' },
    skip: !program,
    fetchPolicy: 'network-only',
  });
  const b = q.data?.budget;
  const funders = (f: string[]) => f.map((x) => t(`funder.${x}`)).join(' + ');
  return (
    <Modal
      open={program !== null}
      width={960}
      title={program ? t('budget.title', { code: program.code }) : ''}
      onCancel={onClose}
      footer={[
        <Button
          key="xlsx"
          disabled={!b}
          onClick={() =>
            void download(
              `/exports/programs/${program!.id}/budget.xlsx?lang=${lang === 'en-US' ? 'en' : 'zh'}`,
              `${program!.code}-budget.xlsx`,
            ).catch((e: unknown) => message.error(errorText(e)))
          }
        >
          {t('budget.export')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('common.ok')}
        </Button>,
      ]}
    >
      {q.loading && !b && <Loading />}
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {b && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space size="large" wrap>
            <Statistic title={t('budget.phase1Total')} value={money(b.phase1Total, lang)} />
            <Statistic title={t('budget.phase2Total')} value={money(b.phase2Total, lang)} />
            <Statistic title={t('budget.projects')} value={b.projects.length} />
          </Space>
          {b.projects.length === 0 ? (
            <Typography.Text type="secondary">{t('budget.empty')}</Typography.Text>
          ) : (
            <>
              <Table<Year>
                size="small"
                rowKey={(y) => `${y.phase}-${y.year}`}
                pagination={false}
                caption={t('budget.byYear')}
                dataSource={b.byYear}
                columns={[
                  { title: t('budget.phase'), render: (_, y) => t('home.phase', { n: y.phase }), width: 100 },
                  { title: t('budget.year'), dataIndex: 'year', width: 80 },
                  { title: t('budget.amount'), align: 'right', render: (_, y) => money(y.amount, lang) },
                  { title: t('budget.funders'), render: (_, y) => funders(y.funders) },
                ]}
              />
              <Table<Project>
                size="small"
                rowKey={(p) => p.project.id}
                pagination={false}
                caption={t('budget.perProject')}
                dataSource={b.projects}
                scroll={{ x: 640 }}
                columns={[
                  { title: t('home.number'), dataIndex: 'direction', width: 64 },
                  {
                    title: t('reviewer.project'),
                    render: (_, p) => `${p.project.externalId} · ${projectTitle(p.project)}`,
                  },
                  {
                    title: t('budget.status'),
                    width: 110,
                    render: (_, p) => <Tag color={STATUS_COLOR[p.status]}>{t(`budget.statuses.${p.status}`)}</Tag>,
                  },
                  {
                    title: t('budget.phase1'),
                    align: 'right',
                    width: 130,
                    render: (_, p) => money(p.phase1Amount, lang),
                  },
                  {
                    title: t('budget.phase2'),
                    align: 'right',
                    width: 130,
                    render: (_, p) => money(p.phase2Amount, lang),
                  },
                ]}
              />
            </>
          )}
        </Space>
      )}
    </Modal>
  );
}
