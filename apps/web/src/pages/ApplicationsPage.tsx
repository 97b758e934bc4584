import { graphql } from '../gql';
import type { ProjectStatus, ProjectsQuery } from '../gql/graphql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Button, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText, inLang } from '../lib/format';
import { ImportCard, templatesOf } from '../components/ImportCard';
import { Loading } from '../components/Loading';
import { zh } from '../i18n';
import { CursorPager, useCursors } from '../components/CursorPager';
import { DocumentsDialog } from './DocumentsDialog';
import { ExclusionsDialog } from './ExclusionsDialog';

const PROJECTS = graphql(`
  query Projects(
    $programId: ID!
    $directionNumber: Int
    $status: ProjectStatus
    $search: String
    $first: Int!
    $after: String
  ) {
    projectPage(
      programId: $programId
      directionNumber: $directionNumber
      status: $status
      search: $search
      first: $first
      after: $after
    ) {
      total
      hasMore
      endCursor
      items {
        id
        externalId
        title
        titleEn
        status
        direction {
          number
        }
        leadInstitution {
          name
        }
        excludedExperts {
          id
          name
        }
        eligibility {
          eligible
          overridden
          overrideReason
          failures {
            rule
            messageZh
            messageEn
          }
        }
      }
    }
  }
`);
const PROGRAMS = graphql(`
  query ProgramIds {
    programs {
      id
      year
      nameZh
    }
  }
`);
const SCREEN = graphql(`
  mutation Screen($programId: ID!) {
    screenApplications(programId: $programId) {
      screened
      eligible
      ineligible
      overridden
    }
  }
`);

const OVERRIDE = graphql(`
  mutation OverrideEligibility($projectId: ID!, $eligible: Boolean!, $reason: String!) {
    overrideEligibility(projectId: $projectId, eligible: $eligible, reason: $reason) {
      id
      status
      eligibility {
        eligible
        overridden
        overrideReason
      }
    }
  }
`);

type Row = ProjectsQuery['projectPage']['items'][number];

/** Applications on one page of the list: the server reads no more than this (keyset cursor). */
const PAGE_SIZE = 50;
/** Every status, in the order the translations list them (each has one). */
const STATUSES = Object.keys(zh.projectStatus) as ProjectStatus[];

export default function ApplicationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const programs = useQuery(PROGRAMS);
  const [chosen, setChosen] = useState<string | null>(null);
  const programId = chosen ?? programs.data?.programs[0]?.id;
  const [direction, setDirection] = useState<number | null>(null);
  const [status, setStatus] = useState<ProjectStatus | null>(null);
  const [search, setSearch] = useState('');
  const cursors = useCursors();
  const { data, previousData, loading, refetch } = useQuery(PROJECTS, {
    variables: {
      programId: programId ?? '',
      directionNumber: direction,
      status,
      search: search.trim() || null,
      first: PAGE_SIZE,
      after: cursors.after,
    },
    skip: !programId,
  });
  // the page on screen stays while the next one loads
  const list = (data ?? previousData)?.projectPage;
  /** a filter changed: back to the first page */
  const narrow = (f: () => void) => {
    f();
    cursors.reset();
  };
  const [screen, screenState] = useMutation(SCREEN);
  const [override, overrideState] = useMutation(OVERRIDE);
  const [docsOf, setDocsOf] = useState<Row | null>(null);
  const [excludingFor, setExcludingFor] = useState<Row | null>(null);
  const [overriding, setOverriding] = useState<{ row: Row; eligible: boolean; reason: string } | null>(null);
  const saveOverride = async () => {
    if (!overriding) return;
    try {
      await override({
        variables: { projectId: overriding.row.id, eligible: overriding.eligible, reason: overriding.reason.trim() },
      });
      setOverriding(null);
      void refetch();
      message.success(t('apps.overridden'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  if (programs.loading || (loading && !list)) return <Loading />;
  if (!programId) return <Alert type="info" title={t('home.empty')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('apps.title')}
      </Typography.Title>
      {(programs.data?.programs.length ?? 0) > 1 && (
        <Select
          style={{ minWidth: 320 }}
          aria-label={t('apps.program')}
          value={programId}
          onChange={(v) =>
            narrow(() => {
              setChosen(v);
              setDirection(null);
            })
          }
          options={programs.data!.programs.map((p) => ({ value: p.id, label: `${p.year} · ${p.nameZh}` }))}
        />
      )}
      <ImportCard
        title={t('apps.import')}
        path={`/imports/applications?programId=${programId}`}
        templates={templatesOf('applications', t)}
        dropText={t('apps.drop')}
        done={(a) => t('apps.imported', a as { imported: number; created: number; updated: number })}
        onImported={() => void refetch()}
        testId="applications-import"
      />
      <Space wrap>
        <Input.Search
          allowClear
          style={{ width: 260 }}
          placeholder={t('apps.search')}
          aria-label={t('apps.search')}
          defaultValue={search}
          onSearch={(v) => narrow(() => setSearch(v))}
        />
        <Select
          allowClear
          placeholder={t('apps.allStatuses')}
          style={{ width: 180 }}
          value={status ?? undefined}
          onChange={(v) => narrow(() => setStatus(v ?? null))}
          options={STATUSES.map((v) => ({ value: v, label: t(`projectStatus.${v}`) }))}
          aria-label={t('apps.status')}
        />
        <Select
          allowClear
          placeholder={t('apps.allDirections')}
          style={{ width: 200 }}
          value={direction ?? undefined}
          onChange={(v) => narrow(() => setDirection(v ?? null))}
          options={Array.from({ length: 14 }, (_, i) => ({
            value: i + 1,
            label: `${t('reviewer.direction')} ${i + 1}`,
          }))}
          aria-label={t('reviewer.direction')}
        />
        <Button
          type="primary"
          loading={screenState.loading}
          onClick={async () => {
            try {
              const r = await screen({ variables: { programId } });
              message.success(t('apps.screened', r.data!.screenApplications));
              void refetch();
            } catch (e) {
              message.error(errorText(e));
            }
          }}
        >
          {t('apps.screen')}
        </Button>
      </Space>
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={list?.items ?? []}
        pagination={false}
        scroll={{ x: 1100 }}
        locale={{ emptyText: search || status || direction ? t('apps.noneMatch') : t('apps.none') }}
        columns={[
          { title: t('apps.number'), dataIndex: 'externalId', width: 130 },
          { title: t('reviewer.direction'), render: (_, r) => r.direction.number, width: 60 },
          { title: t('reviewer.project'), dataIndex: 'title' },
          { title: t('review.lead'), render: (_, r) => r.leadInstitution.name },
          { title: t('apps.status'), render: (_, r) => <Tag>{t(`projectStatus.${r.status}`)}</Tag> },
          {
            title: t('excl.column'),
            width: 120,
            render: (_, r) => (
              <Button
                size="small"
                type="link"
                autoInsertSpace={false}
                onClick={() => setExcludingFor(r)}
                // the visible text first, then what the button does (the name contains what is seen)
                aria-label={`${r.excludedExperts.length ? t('excl.count', { n: r.excludedExperts.length }) : t('excl.none')} · ${t('excl.for', { project: r.externalId })}`}
                title={r.excludedExperts.map((x) => x.name).join('、')}
              >
                {r.excludedExperts.length ? t('excl.count', { n: r.excludedExperts.length }) : t('excl.none')}
              </Button>
            ),
          },
          {
            title: '',
            width: 80,
            render: (_, r) => (
              <Button
                size="small"
                autoInsertSpace={false}
                onClick={() => setDocsOf(r)}
                aria-label={t('docs.for', { project: r.externalId })}
              >
                {t('docs.open')}
              </Button>
            ),
          },
          {
            title: '',
            width: 90,
            render: (_, r) =>
              r.eligibility.eligible !== null && (r.status === 'ELIGIBLE' || r.status === 'INELIGIBLE') ? (
                <Button
                  size="small"
                  autoInsertSpace={false}
                  onClick={() => setOverriding({ row: r, eligible: !r.eligibility.eligible, reason: '' })}
                  aria-label={t('apps.overrideFor', { project: r.externalId })}
                >
                  {t('apps.override')}
                </Button>
              ) : null,
          },
          {
            title: t('apps.eligibility'),
            render: (_, r) =>
              r.eligibility.eligible === null ? (
                '—'
              ) : r.eligibility.eligible ? (
                <Tag color="green" title={r.eligibility.overrideReason ?? undefined}>
                  {r.eligibility.overridden ? t('apps.eligibleOverride') : t('apps.eligible')}
                </Tag>
              ) : (
                <Space direction="vertical" size={2}>
                  <Tag color="red" title={r.eligibility.overrideReason ?? undefined}>
                    {r.eligibility.overridden ? t('apps.ineligibleOverride') : t('apps.ineligible')}
                  </Tag>
                  {r.eligibility.failures.map((f) => (
                    <Typography.Text key={f.rule + f.messageEn} type="danger" style={{ fontSize: 12 }}>
                      {inLang(i18n.language, f.messageZh, f.messageEn)}
                    </Typography.Text>
                  ))}
                </Space>
              ),
          },
        ]}
      />
      {(list?.total ?? 0) > PAGE_SIZE && (
        <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
      )}
      <DocumentsDialog project={docsOf} onClose={() => setDocsOf(null)} />
      <ExclusionsDialog
        project={excludingFor}
        onClose={(saved) => {
          setExcludingFor(null);
          if (saved) void refetch();
        }}
      />
      <Modal
        open={overriding !== null}
        title={overriding ? t('apps.overrideTitle', { project: overriding.row.externalId }) : ''}
        okText={t('apps.override')}
        cancelText={t('common.cancel')}
        onCancel={() => setOverriding(null)}
        onOk={() => void saveOverride()}
        confirmLoading={overrideState.loading}
        okButtonProps={{ disabled: (overriding?.reason.trim().length ?? 0) < 10 }}
      >
        {overriding && (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Radio.Group
              value={overriding.eligible}
              onChange={(e) => setOverriding({ ...overriding, eligible: e.target.value as boolean })}
              aria-label={t('apps.eligibility')}
            >
              <Radio value={true}>{t('apps.eligible')}</Radio>
              <Radio value={false}>{t('apps.ineligible')}</Radio>
            </Radio.Group>
            <Input.TextArea
              rows={4}
              value={overriding.reason}
              onChange={(e) => setOverriding({ ...overriding, reason: e.target.value })}
              placeholder={t('apps.overrideReason')}
              aria-label={t('apps.overrideReason')}
            />
            <Typography.Text type="secondary">{t('apps.overrideHelp')}</Typography.Text>
          </Space>
        )}
      </Modal>
    </Space>
  );
}
