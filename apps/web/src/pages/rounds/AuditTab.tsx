import { graphql } from '../../gql';
import { useQuery } from '@apollo/client/react';
import { Button, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing } from '../../lib/format';

const AUDIT = graphql(`
  query Audit($offset: Int!) {
    auditTrail(offset: $offset, limit: 50) {
      id
      at
      actorEmail
      action
      entity
      entityId
      reason
    }
  }
`);
export function AuditTab() {
  const { t, i18n } = useTranslation();
  const [offset, setOffset] = useState(0);
  const { data, loading } = useQuery(AUDIT, { variables: { offset } });
  return (
    <Table
      size="small"
      rowKey="id"
      loading={loading}
      dataSource={data?.auditTrail ?? []}
      pagination={false}
      footer={() => (
        <Space>
          <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - 50))}>
            {t('common.prev')}
          </Button>
          <Button disabled={(data?.auditTrail.length ?? 0) < 50} onClick={() => setOffset(offset + 50)}>
            {t('common.next')}
          </Button>
        </Space>
      )}
      columns={[
        { title: t('audit.at'), render: (_, r) => beijing(r.at, i18n.language) },
        { title: t('audit.actor'), render: (_, r) => r.actorEmail ?? t('audit.system') },
        {
          title: t('audit.action'),
          // a code the texts do not know yet is shown as it is, never as nothing
          render: (_, r) => (
            <span title={r.action}>{t(`auditAction.${r.action.replace(/\./g, '_')}`, { defaultValue: r.action })}</span>
          ),
        },
        { title: t('audit.entity'), render: (_, r) => t(`auditEntity.${r.entity}`, { defaultValue: r.entity }) },
        { title: t('audit.reason'), dataIndex: 'reason' },
      ]}
    />
  );
}
