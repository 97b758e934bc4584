import type { ReactNode } from 'react';

/** A titled section with antd Card's look, without Card's tab machinery (kept off the reviewer pages). */
export function Panel({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section
      style={{ background: '#fff', border: '1px solid #f0f0f0', borderRadius: 8, marginBottom: 16 }}
      aria-label={typeof title === 'string' ? title : undefined}
    >
      <header
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          alignItems: 'center',
          gap: 12,
          padding: '8px 12px',
          borderBottom: '1px solid #f0f0f0',
          fontWeight: 600,
          minHeight: 38,
        }}
      >
        <span>{title}</span>
        {extra && <span style={{ fontWeight: 400 }}>{extra}</span>}
      </header>
      <div style={{ padding: 12 }}>{children}</div>
    </section>
  );
}
