import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EvidenceTab } from './EvidenceTab';
import { ExpertsTab } from './ExpertsTab';
import { InstitutionsTab } from './InstitutionsTab';
import { WorkloadTab } from './WorkloadTab';

const TABS = ['experts', 'workload', 'institutions', 'evidence'] as const;

/** 专家库: the experts, their workload in rounds, the institutions, and the evidence for conflicts. */
export default function ExpertsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? params.get('tab')! : 'experts';
  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24 }}>
        {t('pool.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'experts' ? {} : { tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'experts', label: t('experts.tab'), children: <ExpertsTab /> },
          { key: 'workload', label: t('experts.workloadTab'), children: <WorkloadTab /> },
          { key: 'institutions', label: t('insts.tab'), children: <InstitutionsTab /> },
          { key: 'evidence', label: t('evidence.tab'), children: <EvidenceTab /> },
        ]}
      />
    </>
  );
}
