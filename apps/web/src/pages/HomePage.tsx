import { graphql } from '../gql';
import type { ProgramsQuery } from '../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Alert, Card, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/format';
import { useSession } from '../lib/session';
import { Loading } from '../components/Loading';

type Program = ProgramsQuery['programs'][number];
type Direction = Program['directions'][number];

const PROGRAMS = graphql(`
  query Programs {
    programs {
      id
      year
      nameZh
      nameEn
      rules {
        maxAwards
        submissionWindow {
          opens
          closes
        }
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
      }
    }
  }
`);

/** Programme dates are in Beijing time (UTC+8), whatever the browser's zone. */
const beijing = (iso: string, lang: string) =>
  new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Shanghai' }).format(
    new Date(iso),
  ) + (lang === 'en-US' ? ' (Beijing)' : '（北京时间）');

const money = (n: number, lang: string) => new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }).format(n);

export default function HomePage() {
  const { t, i18n } = useTranslation();
  const { me } = useSession();
  const { data, loading, error } = useQuery(PROGRAMS);
  const zh = i18n.language !== 'en-US';
  if (loading) return <Loading />;
  if (error) return <Alert type="error" showIcon title={t('common.error')} description={errorText(error)} />;
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('home.welcome', { name: me?.name })}
      </Typography.Title>
      {data?.programs.length === 0 && <Empty description={t('home.empty')} />}
      {data?.programs.map((p) => (
        <Card key={p.id} title={`${p.year} · ${zh ? p.nameZh : p.nameEn}`} style={{ marginBottom: 24 }}>
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('home.window')}>
              {beijing(p.rules.submissionWindow.opens, i18n.language)} —{' '}
              {beijing(p.rules.submissionWindow.closes, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('home.maxAwards')}>{p.rules.maxAwards}</Descriptions.Item>
          </Descriptions>
          <Table<Direction>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={p.directions}
            caption={t('home.directions')}
            columns={[
              { title: t('home.number'), dataIndex: 'number', width: 64 },
              { title: t('home.direction'), render: (_, d) => (zh ? d.titleZh : d.titleEn) },
              {
                title: t('home.funding'),
                dataIndex: 'fundingAmount',
                align: 'right',
                render: (v: number) => money(v, i18n.language),
              },
              {
                title: t('home.conditions'),
                render: (_, d) =>
                  d.conditions.length ? (
                    <Tag color="orange">{zh ? d.conditionsNoteZh : d.conditionsNoteEn}</Tag>
                  ) : (
                    t('common.none')
                  ),
              },
            ]}
          />
        </Card>
      ))}
    </>
  );
}
