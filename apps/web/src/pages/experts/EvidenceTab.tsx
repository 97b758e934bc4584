import { Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ImportCard, type ImportAnswer } from '../../components/ImportCard';
import { inLang } from '../../lib/format';

interface Change {
  round: string;
  project: string;
  reviewer: string;
  rule: string;
  evidence: string;
  evidenceZh: string;
}

/** What an import of publications or relations would change in the conflicts, before it is stored. */
function ConflictChanges({ answer }: { answer: ImportAnswer }) {
  const { t, i18n } = useTranslation();
  const c = answer.conflicts as { addedCount: number; removedCount: number; added: Change[]; removed: Change[] };
  const rows = [
    ...c.added.map((x) => ({ ...x, change: 'ADDED' })),
    ...c.removed.map((x) => ({ ...x, change: 'REMOVED' })),
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {t('evidence.conflictCounts', { added: c.addedCount, removed: c.removedCount })}
      </Typography.Text>
      {rows.length > 0 && (
        <Table
          size="small"
          rowKey={(r) => `${r.change}|${r.round}|${r.project}|${r.reviewer}|${r.rule}|${r.evidence}`}
          dataSource={rows}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          scroll={{ x: 600 }}
          columns={[
            {
              title: t('evidence.change'),
              render: (_, r) =>
                r.change === 'ADDED' ? (
                  <Tag color="red">{t('evidence.added')}</Tag>
                ) : (
                  <Tag color="green">{t('evidence.removed')}</Tag>
                ),
            },
            { title: t('evidence.round'), dataIndex: 'round' },
            { title: t('apps.number'), dataIndex: 'project' },
            { title: t('pool.name'), dataIndex: 'reviewer' },
            {
              title: t('evidence.reason'),
              render: (_, r) =>
                `${t(`rule.${r.rule}`, { defaultValue: r.rule })}：${inLang(i18n.language, r.evidenceZh, r.evidence)}`,
            },
          ]}
        />
      )}
    </Space>
  );
}

/** 论文与关系: the evidence conflict detection reads (co-authorships, advisors, family), imported with a preview. */
export function EvidenceTab() {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph type="secondary">{t('evidence.help')}</Typography.Paragraph>
      <ImportCard
        title={t('evidence.publications')}
        path="/imports/publications"
        accept=".csv,.json"
        dropText={t('evidence.dropPublications')}
        preview={(a) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('evidence.pubCounts', a as { created: number; updated: number })}</Typography.Text>
            <ConflictChanges answer={a} />
          </Space>
        )}
        done={(a) =>
          t('evidence.pubImported', {
            n: a.imported as number,
            added: (a.conflicts as { addedCount: number }).addedCount,
          })
        }
        testId="publications-import"
      />
      <ImportCard
        title={t('evidence.relations')}
        path="/imports/relations"
        accept=".csv,.json"
        dropText={t('evidence.dropRelations')}
        preview={(a) => (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text>{t('evidence.relCounts', a as { imported: number; added: number })}</Typography.Text>
            <ConflictChanges answer={a} />
          </Space>
        )}
        done={(a) =>
          t('evidence.relImported', { n: a.added as number, added: (a.conflicts as { addedCount: number }).addedCount })
        }
        testId="relations-import"
      />
    </Space>
  );
}
