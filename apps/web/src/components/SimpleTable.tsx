import type { CSSProperties, ReactNode } from 'react';

/**
 * A plain, accessible HTML table with antd's look, for short lists on the reviewer's pages: antd's
 * Table (sorting, virtualisation, pagination) costs ~57 KiB gzip there for a dozen rows.
 */
export interface SimpleColumn<T> {
  key: string;
  title: ReactNode;
  render: (row: T) => ReactNode;
  width?: number;
  align?: 'left' | 'right' | 'center';
}

const cell: CSSProperties = { padding: '12px 8px', borderBottom: '1px solid #f0f0f0', textAlign: 'left' };

export function SimpleTable<T>({
  rows,
  rowKey,
  columns,
  caption,
}: {
  rows: T[];
  rowKey: (row: T) => string;
  columns: SimpleColumn<T>[];
  caption?: string;
}) {
  return (
    <div style={{ overflowX: 'auto', background: '#fff', borderRadius: 8 }}>
      <table style={{ width: '100%', borderCollapse: 'collapse', fontSize: 14 }}>
        {caption && (
          <caption style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
            {caption}
          </caption>
        )}
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                style={{
                  ...cell,
                  background: '#fafafa',
                  fontWeight: 600,
                  width: c.width,
                  textAlign: c.align ?? 'left',
                }}
              >
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) => (
                <td key={c.key} style={{ ...cell, textAlign: c.align ?? 'left' }}>
                  {c.render(r)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
