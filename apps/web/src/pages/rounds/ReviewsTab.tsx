import { useMutation, useQuery } from '@apollo/client/react';
import { App, Empty, Input, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../gql';
import type { RoundReviewsQuery } from '../../gql/graphql';
import { errorText, projectTitle } from '../../lib/format';
import { Loading } from '../../components/Loading';
import { CursorPager, useCursors } from '../../components/CursorPager';
import type { Round } from './types';

const REVIEWS = graphql(`
  query RoundReviews($roundId: ID!, $first: Int!, $after: String, $search: String) {
    assignmentPage(roundId: $roundId, review: "SUBMITTED", first: $first, after: $after, search: $search) {
      total
      hasMore
      endCursor
      items {
        id
        project {
          id
          externalId
          title
          titleEn
        }
        reviewer {
          id
          name
        }
        review {
          id
          status
          total
          commentToApplicant
        }
      }
    }
    reviewRatings(roundId: $roundId) {
      id
      reviewId
      rating
      note
      raterName
    }
  }
`);
const RATE = graphql(`
  mutation RateReview($reviewId: ID!, $rating: String!, $note: String) {
    rateReview(reviewId: $reviewId, rating: $rating, note: $note) {
      id
      reviewId
      rating
      note
      raterName
    }
  }
`);

export const RATINGS = ['HELPFUL', 'NEEDS_WORK', 'TOO_SHORT', 'TOO_VAGUE', 'NOT_CONSTRUCTIVE'] as const;
type Row = RoundReviewsQuery['assignmentPage']['items'][number];
/** Submitted reviews on one page: the server reads no more (keyset cursor). */
const PAGE_SIZE = 20;

/**
 * 评审质量: officers read each submitted review's comment to the applicant and rate it; the rating
 * is never shown to applicants, and reviewers see only counts, from three ratings on.
 */
export function ReviewsTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const cursors = useCursors();
  const [search, setSearch] = useState('');
  const { data, previousData, loading } = useQuery(REVIEWS, {
    variables: { roundId: round.id, first: PAGE_SIZE, after: cursors.after, search: search.trim() || null },
    fetchPolicy: 'cache-and-network',
  });
  const [rate] = useMutation(RATE, { refetchQueries: ['RoundReviews'] });
  const [notes, setNotes] = useState<Record<string, string>>({});
  const shown = data ?? previousData;
  if (loading && !shown) return <Loading />;
  const list = shown?.assignmentPage;
  const rows = list?.items ?? [];
  const ratings = new Map<string, { rating: string; note?: string | null; raterName: string }[]>();
  for (const r of shown?.reviewRatings ?? [])
    (ratings.get(r.reviewId) ?? ratings.set(r.reviewId, []).get(r.reviewId)!).push(r);
  if (rows.length === 0 && !search) return <Empty description={t('ratings.noneSubmitted')} />;
  const save = async (reviewId: string, rating: string) => {
    try {
      await rate({ variables: { reviewId, rating, note: notes[reviewId] || null } });
      message.success(t('ratings.saved'));
    } catch (e) {
      message.error(errorText(e));
    }
  };
  return (
    <>
      <Typography.Paragraph type="secondary">{t('ratings.why')}</Typography.Paragraph>
      <Input.Search
        allowClear
        style={{ width: 280, marginBottom: 8 }}
        placeholder={t('ratings.search')}
        aria-label={t('ratings.search')}
        defaultValue={search}
        onSearch={(v) => {
          setSearch(v);
          cursors.reset();
        }}
      />
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loading}
        dataSource={rows}
        scroll={{ x: 1000 }}
        pagination={false}
        locale={{ emptyText: t('ratings.noneMatch') }}
        columns={[
          {
            title: t('ratings.project'),
            key: 'project',
            width: 220,
            render: (_, a) => `${a.project.externalId} · ${projectTitle(a.project, i18n.language)}`,
          },
          { title: t('ratings.reviewer'), key: 'reviewer', width: 100, render: (_, a) => a.reviewer?.name ?? '' },
          { title: t('ratings.total'), key: 'total', width: 70, render: (_, a) => a.review?.total?.toFixed(1) ?? '—' },
          {
            title: t('ratings.comment'),
            key: 'comment',
            render: (_, a) => (
              <Typography.Paragraph ellipsis={{ rows: 3, expandable: true }} style={{ marginBottom: 0 }}>
                {a.review?.commentToApplicant}
              </Typography.Paragraph>
            ),
          },
          {
            title: t('ratings.rating'),
            key: 'rating',
            width: 260,
            render: (_, a) => {
              const mine = ratings.get(a.review!.id) ?? [];
              return (
                <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  <Select
                    size="small"
                    placeholder={t('ratings.choose')}
                    aria-label={t('ratings.rateFor', {
                      project: a.project.externalId,
                      reviewer: a.reviewer?.name ?? '',
                    })}
                    value={mine[0]?.rating}
                    onChange={(v: string) => void save(a.review!.id, v)}
                    options={RATINGS.map((r) => ({ value: r, label: t(`ratings.${r}`) }))}
                  />
                  <Input
                    size="small"
                    placeholder={t('ratings.note')}
                    aria-label={t('ratings.note')}
                    maxLength={1000}
                    defaultValue={mine[0]?.note ?? ''}
                    onChange={(e) => setNotes((n) => ({ ...n, [a.review!.id]: e.target.value }))}
                  />
                  {mine.length > 0 && (
                    <span style={{ fontSize: 12 }}>
                      {mine.map((m) => `${m.raterName}：${t(`ratings.${m.rating}`)}`).join('；')}
                    </span>
                  )}
                </div>
              );
            },
          },
        ]}
      />
      {(list?.total ?? 0) > PAGE_SIZE && (
        <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
      )}
    </>
  );
}
