import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Where a keyset-paged list stands: the cursors of the pages read so far (the first is null), so
 * that "previous" goes back without the server keeping anything.
 */
export function useCursors() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return {
    page: cursors.length - 1,
    after: cursors[cursors.length - 1],
    back: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
    forward: (endCursor: string | null) => setCursors((c) => [...c, endCursor]),
    /** to the first page (the filters changed) */
    reset: () => setCursors([null]),
  };
}

/** Previous / "page i of n, total" / next under a list the server pages with cursors. */
export function CursorPager({
  cursors,
  list,
  pageSize,
  loading,
}: {
  cursors: ReturnType<typeof useCursors>;
  list: { total: number; hasMore: boolean; endCursor?: string | null } | null | undefined;
  pageSize: number;
  loading: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Space wrap style={{ marginTop: 8 }} aria-label={t('conflicts.pager')}>
      <Button disabled={cursors.page === 0} onClick={cursors.back}>
        {t('conflicts.previous')}
      </Button>
      <Typography.Text>
        {t('conflicts.pageOf', {
          page: cursors.page + 1,
          pages: Math.max(1, Math.ceil((list?.total ?? 0) / pageSize)),
          total: list?.total ?? 0,
        })}
      </Typography.Text>
      <Button disabled={!list?.hasMore || loading} onClick={() => cursors.forward(list!.endCursor ?? null)}>
        {t('conflicts.next')}
      </Button>
    </Space>
  );
}
