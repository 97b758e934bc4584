import { useQuery } from '@apollo/client/react';
import { Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Discipline } from '../../gql/graphql';
import type { ExpertRow } from './queries';
import { ImportCard, templatesOf } from '../../components/ImportCard';
import { LoadError } from '../../components/Loading';
import { errorText } from '../../lib/format';
import { AccountDialog } from './AccountDialog';
import { ExpertForm } from './ExpertForm';
import { EXPERTS } from './queries';

const DISCIPLINES: Discipline[] = ['MATH', 'MEDICINE', 'IT'];

const PAGE = 20;
interface ImportedRow {
  line: number;
  name: string;
  action: 'CREATE' | 'UPDATE';
  matchedBy: string | null;
}

/** 专家库: the pool searched and filtered on the server, a page at a time; add, edit, import, make accounts. */
export function ExpertsTab() {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<{
    search: string;
    discipline: Discipline | null;
    keyword: string;
    institution: string;
  }>({
    search: '',
    discipline: null,
    keyword: '',
    institution: '',
  });
  const [page, setPage] = useState(1);
  const [editing, setEditing] = useState<{ expert: ExpertRow | null } | null>(null);
  const [accountFor, setAccountFor] = useState<ExpertRow | null>(null);
  const { data, loading, error, refetch } = useQuery(EXPERTS, {
    variables: {
      search: filter.search || null,
      discipline: filter.discipline,
      keyword: filter.keyword || null,
      institution: filter.institution || null,
      offset: (page - 1) * PAGE,
      limit: PAGE,
    },
    fetchPolicy: 'cache-and-network',
  });
  const set = (patch: Partial<typeof filter>) => {
    setFilter((f) => ({ ...f, ...patch }));
    setPage(1);
  };
  const items = data?.experts.items ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <ImportCard
        title={t('experts.import')}
        path="/imports/experts"
        templates={templatesOf('experts', t)}
        dropText={t('experts.drop')}
        preview={(a) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('experts.previewCounts', a as { created: number; updated: number })}</Typography.Text>
            <Table<ImportedRow>
              size="small"
              rowKey="line"
              dataSource={(a.experts as ImportedRow[]) ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              columns={[
                { title: t('apps.line'), dataIndex: 'line', width: 60 },
                { title: t('experts.name'), dataIndex: 'name' },
                {
                  title: t('experts.action'),
                  render: (_, r) =>
                    r.action === 'CREATE' ? (
                      <Tag color="green">{t('experts.willCreate')}</Tag>
                    ) : (
                      <Tag color="blue">{t('experts.willUpdate')}</Tag>
                    ),
                },
                { title: t('experts.matchedBy'), render: (_, r) => r.matchedBy ?? '—' },
              ]}
            />
          </Space>
        )}
        done={(a) => t('experts.imported', a as { created: number; updated: number })}
        onImported={() => void refetch()}
        testId="experts-import"
      />
      <Space wrap>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('experts.search')}
          aria-label={t('experts.search')}
          onSearch={(v) => set({ search: v.trim() })}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('pool.discipline')}
          aria-label={t('pool.discipline')}
          value={filter.discipline ?? undefined}
          onChange={(v) => set({ discipline: v ?? null })}
          options={DISCIPLINES.map((d) => ({ value: d, label: t(`discipline.${d}`) }))}
        />
        <Input.Search
          allowClear
          style={{ width: 180 }}
          placeholder={t('experts.keyword')}
          aria-label={t('experts.keyword')}
          onSearch={(v) => set({ keyword: v.trim() })}
        />
        <Input.Search
          allowClear
          style={{ width: 180 }}
          placeholder={t('experts.institution')}
          aria-label={t('experts.institutionFilter')}
          onSearch={(v) => set({ institution: v.trim() })}
        />
        <Typography.Text type="secondary" data-testid="experts-total">
          {t('pool.count', { n: data?.experts.total ?? 0 })}
        </Typography.Text>
        <Button type="primary" onClick={() => setEditing({ expert: null })}>
          {t('experts.add')}
        </Button>
      </Space>
      {error ? (
        <LoadError message={errorText(error)} onRetry={refetch} />
      ) : (
        <Table<ExpertRow>
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={items}
          scroll={{ x: 900 }}
          locale={{
            emptyText:
              data?.experts.total === 0 &&
              !filter.search &&
              !filter.discipline &&
              !filter.keyword &&
              !filter.institution
                ? t('experts.empty')
                : t('pool.none'),
          }}
          pagination={{
            current: page,
            pageSize: PAGE,
            total: data?.experts.total ?? 0,
            showSizeChanger: false,
            hideOnSinglePage: true,
            onChange: setPage,
          }}
          columns={[
            {
              title: t('experts.name'),
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <span>
                    {r.name} {r.title && <Typography.Text type="secondary">{r.title}</Typography.Text>}
                  </span>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.emails.join(', ') || r.orcid}
                  </Typography.Text>
                </Space>
              ),
            },
            {
              title: t('pool.institution'),
              render: (_, r) => r.affiliations.find((a) => !a.to)?.institution ?? '—',
            },
            {
              title: t('pool.disciplines'),
              render: (_, r) =>
                r.disciplines.map((d) => (
                  <Tag key={d} color={d === 'MATH' ? 'blue' : d === 'MEDICINE' ? 'magenta' : 'cyan'}>
                    {t(`discipline.${d}`)}
                  </Tag>
                )),
            },
            { title: t('experts.codes'), render: (_, r) => r.applicationCodes.join(' ') || '—' },
            {
              title: t('pool.keywords'),
              render: (_, r) => (
                <Typography.Text style={{ fontSize: 12 }}>{r.keywords.slice(0, 5).join('、')}</Typography.Text>
              ),
            },
            {
              title: t('experts.history'),
              key: 'history',
              render: (_, r) =>
                r.history.rounds === 0 && r.history.invitationsDeclined === 0 ? (
                  '—'
                ) : (
                  <span style={{ fontSize: 12 }} data-testid="expert-history">
                    {t('experts.historyLine', {
                      rounds: r.history.rounds,
                      submitted: r.history.submitted,
                      onTime: r.history.onTime,
                      declined: r.history.invitationsDeclined + r.history.projectsDeclined,
                    })}
                    {r.history.ratings > 0 && (
                      <div>
                        {t('experts.historyRatings', { helpful: r.history.helpful, critical: r.history.critical })}
                      </div>
                    )}
                  </span>
                ),
            },
            {
              title: t('experts.account'),
              render: (_, r) =>
                r.account ? (
                  <Tag color={r.account.disabled ? 'default' : 'green'}>
                    {r.account.disabled ? t('pool.disabled') : t('experts.hasAccount')}
                  </Tag>
                ) : (
                  <Button
                    size="small"
                    autoInsertSpace={false}
                    onClick={() => setAccountFor(r)}
                    aria-label={t('experts.createAccountFor', { name: r.name })}
                  >
                    {t('experts.createAccount')}
                  </Button>
                ),
            },
            {
              title: '',
              width: 70,
              render: (_, r) => (
                <Button
                  size="small"
                  autoInsertSpace={false}
                  onClick={() => setEditing({ expert: r })}
                  aria-label={t('experts.editFor', { name: r.name })}
                >
                  {t('experts.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}
      <ExpertForm
        open={editing !== null}
        expert={editing?.expert ?? null}
        onClose={(saved) => {
          setEditing(null);
          if (saved) void refetch();
        }}
      />
      <AccountDialog
        expert={accountFor}
        onClose={(saved) => {
          setAccountFor(null);
          if (saved) void refetch();
        }}
      />
    </Space>
  );
}
