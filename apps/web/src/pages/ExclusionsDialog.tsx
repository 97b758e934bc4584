import { graphql } from '../gql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Modal, Select, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../lib/format';

const SET = graphql(`
  mutation SetApplicantExclusions($projectId: ID!, $personIds: [ID!]!) {
    setApplicantExclusions(projectId: $projectId, personIds: $personIds)
  }
`);

const FIND = graphql(`
  query FindExperts($search: String) {
    experts(search: $search, limit: 20) {
      items {
        id
        name
        title
        emails
        affiliations {
          institution
          to
        }
      }
    }
  }
`);

interface Project {
  id: string;
  externalId: string;
  excludedExperts: { id: string; name: string }[];
}

/**
 * 申请人建议回避的专家: up to three experts an application asks to keep away from it; saving
 * re-detects conflicts in every round that is not finalized.
 */
export function ExclusionsDialog({ project, onClose }: { project: Project | null; onClose: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [chosen, setChosen] = useState<{ value: string; label: string }[]>([]);
  const [search, setSearch] = useState('');
  useEffect(() => {
    setChosen(project?.excludedExperts.map((x) => ({ value: x.id, label: x.name })) ?? []);
    setSearch('');
  }, [project]);
  const found = useQuery(FIND, { variables: { search: search || null }, skip: !project });
  const [save, saving] = useMutation(SET);
  const options = [
    ...chosen,
    ...(found.data?.experts.items ?? [])
      .filter((x) => !chosen.some((c) => c.value === x.id))
      .map((x) => ({
        value: x.id,
        label: [x.name, x.title, x.affiliations.find((a) => !a.to)?.institution, x.emails[0]]
          .filter(Boolean)
          .join(' · '),
      })),
  ];
  return (
    <Modal
      open={project !== null}
      title={project ? t('excl.title', { project: project.externalId }) : ''}
      okText={t('excl.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving.loading}
      onCancel={() => onClose(false)}
      onOk={async () => {
        try {
          await save({ variables: { projectId: project!.id, personIds: chosen.map((c) => c.value) } });
          message.success(t('excl.saved', { n: chosen.length }));
          onClose(true);
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('excl.help')}</Typography.Text>
        <Select
          mode="multiple"
          labelInValue
          style={{ width: '100%' }}
          aria-label={t('excl.pick')}
          placeholder={t('excl.pick')}
          value={chosen}
          showSearch={{ onSearch: setSearch, filterOption: false }}
          loading={found.loading}
          options={options}
          onChange={(v) => setChosen((v as { value: string; label: string }[]).slice(0, 3))}
          maxCount={3}
          notFoundContent={found.loading ? t('common.loading') : t('excl.noMatch')}
        />
        {chosen.length >= 3 && <Alert type="info" title={t('excl.max')} />}
      </Space>
    </Modal>
  );
}
