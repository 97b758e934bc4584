import { graphql } from '../../gql';
import type { DocumentAccessesQuery } from '../../gql/graphql';
import { useQuery } from '@apollo/client/react';
import { Alert, App, Button, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager, useCursors } from '../../components/CursorPager';
import { download } from '../../lib/download';
import { beijing, errorText } from '../../lib/format';
import type { Round } from './types';

const DOCUMENT_ACCESSES = graphql(`
  query DocumentAccesses($roundId: ID, $documentId: ID, $userId: ID, $first: Int!, $after: String) {
    documentAccesses(roundId: $roundId, documentId: $documentId, userId: $userId, first: $first, after: $after) {
      total
      hasMore
      endCursor
      items {
        id
        at
        userId
        userName
        userEmail
        action
        documentId
        kind
        filename
        externalId
        ip
        watermarked
      }
    }
  }
`);

type Access = DocumentAccessesQuery['documentAccesses']['items'][number];
const PAGE_SIZE = 50;
/** a filter in a cell: a button (keyboard and screen readers) that reads as a link */
const LINK = { padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' } as const;

/**
 * 材料查阅记录: who read or downloaded which of the round's documents, when and from where, newest
 * first, a page at a time; a reader's or a document's name narrows the list to them. Exported as a
 * table from here or the exports tab.
 */
export function AccessTab({ round }: { round: Round }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [reader, setReader] = useState<{ id: string; label: string } | null>(null);
  const [doc, setDoc] = useState<{ id: string; label: string } | null>(null);
  const cursors = useCursors();
  const { data, loading, error } = useQuery(DOCUMENT_ACCESSES, {
    variables: {
      roundId: round.id,
      userId: reader?.id ?? null,
      documentId: doc?.id ?? null,
      first: PAGE_SIZE,
      after: cursors.after,
    },
    fetchPolicy: 'cache-and-network',
  });
  const list = data?.documentAccesses;
  const lang = i18n.language === 'en-US' ? 'en' : 'zh';
  const narrow = (f: () => void) => {
    f();
    cursors.reset();
  };
  const exportAs = (format: 'csv' | 'xlsx') =>
    void download(
      `/exports/rounds/${round.id}/document-access.${format}?lang=${lang}`,
      `document-access.${format}`,
    ).catch((e: unknown) => message.error(errorText(e)));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph style={{ margin: 0 }}>{t('access.intro')}</Typography.Paragraph>
      <Space wrap>
        {reader && (
          <Tag closable onClose={() => narrow(() => setReader(null))}>
            {t('access.reader')}：{reader.label}
          </Tag>
        )}
        {doc && (
          <Tag closable onClose={() => narrow(() => setDoc(null))}>
            {t('access.document')}：{doc.label}
          </Tag>
        )}
        <Button onClick={() => exportAs('csv')}>{t('access.export')} CSV</Button>
        <Button onClick={() => exportAs('xlsx')}>{t('access.export')} XLSX</Button>
      </Space>
      {error && <Alert type="error" showIcon title={errorText(error)} />}
      <Table<Access>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        dataSource={list?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('access.none') }}
        columns={[
          { title: t('access.at'), width: 150, render: (_, a) => beijing(a.at, i18n.language) },
          {
            title: t('access.reader'),
            render: (_, a) =>
              a.userId ? (
                <Button
                  type="link"
                  style={LINK}
                  onClick={() => narrow(() => setReader({ id: a.userId!, label: a.userName ?? a.userEmail ?? '' }))}
                >
                  {a.userName} · {a.userEmail}
                </Button>
              ) : (
                '—'
              ),
          },
          {
            title: t('access.action'),
            width: 90,
            render: (_, a) => (a.action === 'DOWNLOAD' ? t('access.download') : t('access.view')),
          },
          {
            title: t('access.document'),
            render: (_, a) => (
              <Button
                type="link"
                style={LINK}
                onClick={() => narrow(() => setDoc({ id: a.documentId, label: `${a.externalId} · ${a.filename}` }))}
              >
                {a.externalId} · {t(`docKind.${a.kind}`)} · {a.filename}
              </Button>
            ),
          },
          {
            title: t('access.watermarked'),
            width: 80,
            render: (_, a) => (a.watermarked ? t('common.yes') : t('common.no')),
          },
          { title: t('access.ip'), width: 140, dataIndex: 'ip' },
        ]}
      />
      <CursorPager cursors={cursors} list={list} pageSize={PAGE_SIZE} loading={loading} />
    </Space>
  );
}
