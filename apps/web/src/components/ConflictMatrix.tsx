import { Button, Card, Empty, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import i18next from 'i18next';
import type { ConflictsQuery } from '../gql/graphql';
import { inLang } from '../lib/format';

/** One reason of a conflicted pair, as the round's conflicts query reads it. */
export type ConflictRow = ConflictsQuery['conflictPage']['items'][number];

/**
 * Projects × reviewers: a cell for each pair with a conflict (its rules counted; green when
 * overridden). Cells are buttons: Tab moves through them, Enter shows the evidence.
 */
export function ConflictMatrix({
  conflicts,
  onOverride,
}: {
  conflicts: ConflictRow[];
  onOverride: (pair: { projectId: string; reviewerId: string }) => void;
}) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<{ projectId: string; reviewerId: string } | null>(null);
  const projects = [...new Map(conflicts.map((c) => [c.projectId, c.project])).entries()].sort((a, b) =>
    a[1].externalId.localeCompare(b[1].externalId),
  );
  const reviewers = [...new Map(conflicts.map((c) => [c.reviewerId, c.reviewer])).entries()].sort((a, b) =>
    a[1].name.localeCompare(b[1].name),
  );
  const byPair = new Map<string, ConflictRow[]>();
  for (const c of conflicts) {
    const k = `${c.projectId}|${c.reviewerId}`;
    (byPair.get(k) ?? byPair.set(k, []).get(k)!).push(c);
  }
  if (conflicts.length === 0) return <Empty description={t('conflicts.none')} />;
  const sel = selected ? (byPair.get(`${selected.projectId}|${selected.reviewerId}`) ?? []) : [];
  return (
    <Space align="start" wrap style={{ width: '100%' }}>
      <div style={{ overflow: 'auto', maxWidth: '100%', maxHeight: 560 }}>
        <table style={{ borderCollapse: 'collapse', fontSize: 12 }} aria-label={t('conflicts.matrix')}>
          <thead>
            <tr>
              <th style={{ position: 'sticky', left: 0, top: 0, background: '#fff', zIndex: 2 }} />
              {reviewers.map(([id, r]) => (
                <th
                  key={id}
                  scope="col"
                  style={{
                    position: 'sticky',
                    top: 0,
                    background: '#fafafa',
                    writingMode: 'vertical-rl',
                    padding: '6px 2px',
                    fontWeight: 500,
                  }}
                >
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {projects.map(([pid, p]) => (
              <tr key={pid}>
                <th
                  scope="row"
                  style={{
                    position: 'sticky',
                    left: 0,
                    background: '#fafafa',
                    textAlign: 'left',
                    padding: '2px 6px',
                    whiteSpace: 'nowrap',
                    fontWeight: 500,
                  }}
                  title={p.title}
                >
                  {p.externalId}
                </th>
                {reviewers.map(([rid, r]) => {
                  const cs = byPair.get(`${pid}|${rid}`);
                  if (!cs) return <td key={rid} style={{ border: '1px solid #f5f5f5', width: 22, height: 22 }} />;
                  const overridden = cs.every((c) => c.overridden);
                  const isSel = selected?.projectId === pid && selected.reviewerId === rid;
                  return (
                    <td key={rid} style={{ border: '1px solid #f5f5f5', padding: 0 }}>
                      <Tooltip title={cs.map((c) => t(`rule.${c.rule}`, { defaultValue: c.rule })).join('、')}>
                        <button
                          type="button"
                          onClick={() => setSelected({ projectId: pid, reviewerId: rid })}
                          // the name starts with what the cell shows (the number of reasons), then says what they are
                          aria-label={`${cs.length} · ${p.externalId} × ${r.name}: ${cs.map((c) => t(`rule.${c.rule}`, { defaultValue: c.rule })).join(', ')}`}
                          aria-pressed={isSel}
                          style={{
                            width: 22,
                            height: 22,
                            border: isSel ? '2px solid #12355b' : 'none',
                            cursor: 'pointer',
                            color: '#fff',
                            fontSize: 11,
                            // white text at ≥ 4.5:1 on each colour
                            background: overridden
                              ? '#237804'
                              : cs.some((c) => c.source === 'DECLARED')
                                ? '#531dab'
                                : '#cf1322',
                          }}
                        >
                          {cs.length}
                        </button>
                      </Tooltip>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Card size="small" style={{ width: 360 }} title={t('conflicts.evidence')}>
        {sel.length === 0 ? (
          <Typography.Text type="secondary">{t('conflicts.pick')}</Typography.Text>
        ) : (
          <Space direction="vertical" style={{ width: '100%' }}>
            <Typography.Text strong>
              {sel[0].project.externalId} × {sel[0].reviewer.name}
            </Typography.Text>
            {sel.map((c) => (
              <div key={c.id}>
                <Tag color={c.overridden ? 'green' : 'red'}>{t(`rule.${c.rule}`, { defaultValue: c.rule })}</Tag>
                <Typography.Paragraph style={{ marginBottom: 4 }}>
                  {inLang(i18next.language, c.evidenceZh, c.evidence)}
                </Typography.Paragraph>
              </div>
            ))}
            {!sel.every((c) => c.overridden) && !sel.some((c) => c.source === 'DECLARED') && (
              <Button onClick={() => onOverride(selected!)}>{t('conflicts.override')}</Button>
            )}
          </Space>
        )}
        <Space size={4} wrap style={{ marginTop: 12 }}>
          <Tag color="#cf1322">{t('conflicts.detected')}</Tag>
          <Tag color="#531dab">{t('conflicts.declared')}</Tag>
          <Tag color="#237804">{t('conflicts.overridden')}</Tag>
        </Space>
      </Card>
    </Space>
  );
}
