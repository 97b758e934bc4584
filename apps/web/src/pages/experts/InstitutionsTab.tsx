import { useQuery } from '@apollo/client/react';
import { Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportCard, templatesOf } from '../../components/ImportCard';
import { LoadError } from '../../components/Loading';
import { errorText } from '../../lib/format';
import { INSTITUTIONS } from './queries';

/** 单位库: the institutions applications, experts and conflict rules name; imported, found by name or alias. */
export function InstitutionsTab() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const { data, loading, error, refetch } = useQuery(INSTITUTIONS, {
    variables: { search: search || null, limit: 1000 },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <ImportCard
        title={t('insts.import')}
        path="/imports/institutions"
        templates={templatesOf('institutions', t)}
        dropText={t('insts.drop')}
        preview={(a) => (
          <Typography.Text>{t('insts.previewCounts', a as { created: number; updated: number })}</Typography.Text>
        )}
        done={(a) => t('insts.imported', a as { created: number; updated: number })}
        onImported={() => void refetch()}
        testId="institutions-import"
      />
      <Input.Search
        allowClear
        style={{ width: 280 }}
        placeholder={t('insts.search')}
        aria-label={t('insts.search')}
        onSearch={(v) => setSearch(v.trim())}
      />
      {error ? (
        <LoadError message={errorText(error)} onRetry={refetch} />
      ) : (
        <Table
          size="small"
          rowKey="id"
          loading={loading}
          dataSource={data?.institutions ?? []}
          scroll={{ x: 700 }}
          locale={{ emptyText: t('insts.empty') }}
          pagination={{ pageSize: 25, hideOnSinglePage: true, showSizeChanger: false }}
          columns={[
            { title: t('insts.name'), render: (_, i) => (i.nameEn ? `${i.name} · ${i.nameEn}` : i.name) },
            { title: t('insts.aliases'), render: (_, i) => i.aliases.join('、') || '—' },
            { title: t('insts.domains'), render: (_, i) => i.emailDomains.join(' ') || '—' },
            { title: t('insts.city'), render: (_, i) => i.city ?? '—' },
          ]}
        />
      )}
    </Space>
  );
}
