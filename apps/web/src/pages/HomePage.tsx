import { graphql } from '../gql';
import type { ProgramsQuery } from '../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Descriptions, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing, errorText, inLang, money, targetAmount } from '../lib/format';
import { useSession } from '../lib/session';
import { Loading } from '../components/Loading';
import { BudgetDialog } from './programs/BudgetDialog';
import { RetentionDialog } from './programs/RetentionDialog';
import { CallDialog } from './programs/CallDialog';

type Program = ProgramsQuery['programs'][number];
type Direction = Program['directions'][number];

const PROGRAMS = graphql(`
  query Programs {
    programs {
      id
      code
      year
      nameZh
      nameEn
      editable
      rules {
        maxAwards
        submissionWindow {
          opens
          closes
        }
      }
      phases {
        phase
        years
        start
        end
        funders
        defaultAmount
        minAmount
        requires
      }
      directions {
        id
        number
        titleZh
        titleEn
        fundingAmount
        conditions
        conditionsNoteZh
        conditionsNoteEn
        contentZh
        contentEn
        noteZh
        conditionDetails {
          key
          textZh
          textEn
        }
        targets {
          key
          labelZh
          labelEn
          unit
          min
          max
        }
      }
    }
  }
`);

/** One direction as the call states it: content, note, conditions and the targets a funded team commits to. */
function DirectionDetail({ d }: { d: Direction }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="small">
      <Typography.Paragraph style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>
        {inLang(lang, d.contentZh, d.contentEn) || t('common.none')}
      </Typography.Paragraph>
      {d.noteZh && <Typography.Text type="secondary">（注：{d.noteZh}）</Typography.Text>}
      {d.conditionDetails.length > 0 && (
        <div>
          <Typography.Text strong>{t('home.conditions')}：</Typography.Text>
          {d.conditionDetails.map((c) => (
            <Tag key={c.key} color="orange">
              {inLang(lang, c.textZh, c.textEn)}
            </Tag>
          ))}
        </div>
      )}
      <div>
        <Typography.Text strong>{t('home.targets')}</Typography.Text>
        {d.targets.length === 0 ? (
          <Typography.Text type="secondary"> {t('common.none')}</Typography.Text>
        ) : (
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }} data-testid={`targets-${d.number}`}>
            {d.targets.map((x) => (
              <li key={x.key}>
                {inLang(lang, x.labelZh, x.labelEn)}
                {targetAmount(x, lang) && <Typography.Text strong> {targetAmount(x, lang)}</Typography.Text>}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Space>
  );
}

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { me } = useSession();
  const officer = !!me?.roles.some((r) => r === 'PROGRAM_OFFICER' || r === 'ADMIN');
  const { data, loading, error, refetch } = useQuery(PROGRAMS);
  const [dialog, setDialog] = useState<{ copyFrom: Program | null } | null>(null);
  const [budgetOf, setBudgetOf] = useState<Program | null>(null);
  const [retentionOf, setRetentionOf] = useState<Program | null>(null);
  if (loading && !data) return <Loading />;
  if (error) return <Alert type="error" showIcon title={t('common.error')} description={errorText(error)} />;
  const funders = (f: string[]) => f.map((x) => t(`funder.${x}`)).join(' + ');
  return (
    <>
      <Space wrap align="center" style={{ marginBottom: 16 }}>
        <Typography.Title level={1} style={{ fontSize: 24, margin: 0 }}>
          {t('home.welcome', { name: me?.name })}
        </Typography.Title>
        {officer && (
          <Button type="primary" onClick={() => setDialog({ copyFrom: null })}>
            {t('calls.importTitle')}
          </Button>
        )}
      </Space>
      {data?.programs.length === 0 && <Empty description={officer ? t('home.emptyOfficer') : t('home.empty')} />}
      {data?.programs.map((p) => (
        <Card
          key={p.id}
          title={`${p.year} · ${inLang(lang, p.nameZh, p.nameEn)}`}
          extra={
            <Space wrap>
              <Tag>{p.code}</Tag>
              <Tag color={p.editable ? 'blue' : 'default'}>{p.editable ? t('home.editable') : t('home.locked')}</Tag>
              {officer && <Button onClick={() => setBudgetOf(p)}>{t('budget.open')}</Button>}
              {officer && <Button onClick={() => setRetentionOf(p)}>{t('retention.open')}</Button>}
              {officer && <Button onClick={() => setDialog({ copyFrom: p })}>{t('calls.copy')}</Button>}
            </Space>
          }
          style={{ marginBottom: 24 }}
        >
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('home.window')}>
              {beijing(p.rules.submissionWindow.opens, lang)} — {beijing(p.rules.submissionWindow.closes, lang)}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.maxAwards')}>{p.rules.maxAwards}</Descriptions.Item>
            {p.phases.map((ph) => (
              <Descriptions.Item key={ph.phase} label={t('home.phase', { n: ph.phase })}>
                {t('home.phaseYears', { years: ph.years })}
                {ph.start && ph.end ? ` (${ph.start} — ${ph.end})` : ''} · {funders(ph.funders)}
                {ph.minAmount != null ? ` · ${t('home.atLeast', { amount: money(ph.minAmount, lang) })}` : ''}
                {ph.requires.length > 0 ? ` · ${ph.requires.map((r) => t(`phaseRequires.${r}`)).join('、')}` : ''}
              </Descriptions.Item>
            ))}
          </Descriptions>
          <Table<Direction>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.directions}
            caption={t('home.directions')}
            expandable={{
              expandedRowRender: (d) => <DirectionDetail d={d} />,
              expandRowByClick: true,
            }}
            scroll={{ x: 600 }}
            columns={[
              { title: t('home.number'), dataIndex: 'number', width: 64 },
              { title: t('home.direction'), render: (_, d) => inLang(lang, d.titleZh, d.titleEn) },
              {
                title: t('home.funding'),
                dataIndex: 'fundingAmount',
                align: 'right',
                render: (v: number) => money(v, lang),
              },
              {
                title: t('home.targets'),
                width: 90,
                align: 'right',
                render: (_, d) => d.targets.length || t('common.none'),
              },
              {
                title: t('home.conditions'),
                render: (_, d) =>
                  d.conditions.length ? (
                    <Tag color="orange">{inLang(lang, d.conditionsNoteZh, d.conditionsNoteEn)}</Tag>
                  ) : (
                    t('common.none')
                  ),
              },
            ]}
          />
        </Card>
      ))}
      <BudgetDialog program={budgetOf} onClose={() => setBudgetOf(null)} />
      <RetentionDialog program={retentionOf} onClose={() => setRetentionOf(null)} />
      <CallDialog
        open={dialog !== null}
        copyFrom={dialog?.copyFrom ?? null}
        onClose={() => setDialog(null)}
        onDone={() => {
          setDialog(null);
          void refetch();
        }}
      />
    </>
  );
}
