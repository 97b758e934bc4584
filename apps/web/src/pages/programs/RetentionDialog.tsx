import { graphql } from '../../gql';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, App, Descriptions, InputNumber, Modal, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { beijing, errorText } from '../../lib/format';

const RETENTION = graphql(`
  query CallRetention($programId: ID) {
    retention(programId: $programId) {
      programId
      materialsYears
      reviewsYears
      lastFinalizedAt
      materialsDueAt
      reviewsDueAt
      materialsPurgedAt
      reviewsPurgedAt
      documents
      reviews
    }
  }
`);
const SET_RETENTION = graphql(`
  mutation SetRetention($programId: ID!, $materialsYears: Int!, $reviewsYears: Int!) {
    setRetention(programId: $programId, materialsYears: $materialsYears, reviewsYears: $reviewsYears) {
      programId
      materialsYears
      reviewsYears
      materialsDueAt
      reviewsDueAt
    }
  }
`);

/**
 * 保存期限: how many years the call keeps its review materials and its reviews after its last
 * round is finalized, when each falls due, and what is stored now. Past it a nightly job removes
 * them (anonymised summaries of the reviews and the decisions stay).
 */
export function RetentionDialog({
  program,
  onClose,
}: {
  program: { id: string; code: string } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const q = useQuery(RETENTION, {
    variables: { programId: program?.id ?? null },
    skip: !program,
    fetchPolicy: 'network-only',
  });
  const [save, saving] = useMutation(SET_RETENTION);
  const r = q.data?.retention[0];
  const [materials, setMaterials] = useState<number | null>(null);
  const [reviews, setReviews] = useState<number | null>(null);
  useEffect(() => {
    setMaterials(r?.materialsYears ?? null);
    setReviews(r?.reviewsYears ?? null);
  }, [r]);
  const when = (d: string | null | undefined) => (d ? beijing(d, i18n.language) : t('retention.notYet'));
  const problem =
    materials === null || reviews === null
      ? t('retention.years')
      : reviews < materials
        ? t('retention.reviewsShorter')
        : null;
  return (
    <Modal
      open={program !== null}
      title={program ? t('retention.title', { code: program.code }) : ''}
      onCancel={onClose}
      okText={t('retention.save')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !!problem || !r, loading: saving.loading }}
      onOk={async () => {
        try {
          await save({ variables: { programId: program!.id, materialsYears: materials!, reviewsYears: reviews! } });
          message.success(t('retention.saved'));
          void q.refetch();
        } catch (e) {
          message.error(errorText(e));
        }
      }}
    >
      {q.error && <Alert type="error" showIcon title={errorText(q.error)} />}
      {!r ? (
        <Spin />
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Paragraph>{t('retention.why')}</Typography.Paragraph>
          <Space wrap size="large">
            <label>
              {t('retention.materialsYears')}{' '}
              <InputNumber
                min={1}
                max={50}
                value={materials}
                onChange={setMaterials}
                aria-label={t('retention.materialsYears')}
              />
            </label>
            <label>
              {t('retention.reviewsYears')}{' '}
              <InputNumber
                min={1}
                max={50}
                value={reviews}
                onChange={setReviews}
                aria-label={t('retention.reviewsYears')}
              />
            </label>
          </Space>
          {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('retention.lastFinalized')}>{when(r.lastFinalizedAt)}</Descriptions.Item>
            <Descriptions.Item label={t('retention.materialsDue')}>
              {r.materialsPurgedAt
                ? t('retention.purgedAt', { at: when(r.materialsPurgedAt) })
                : when(r.materialsDueAt)}{' '}
              · {t('retention.documents', { n: r.documents })}
            </Descriptions.Item>
            <Descriptions.Item label={t('retention.reviewsDue')}>
              {r.reviewsPurgedAt ? t('retention.purgedAt', { at: when(r.reviewsPurgedAt) }) : when(r.reviewsDueAt)} ·{' '}
              {t('retention.reviews', { n: r.reviews })}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      )}
    </Modal>
  );
}
