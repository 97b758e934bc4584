import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { BootDone } from '../pages/BootDone';
import { LanguageSwitch } from '../pages/LanguageSwitch';

/** The page an e-mailed link opens, signed out: one card in the middle, the language switch above. */
export function LinkPageFrame({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main
      style={{
        minHeight: '100vh',
        display: 'grid',
        gridTemplateColumns: 'minmax(0, 560px)',
        justifyContent: 'center',
        alignContent: 'center',
        background: '#f5f7fb',
        padding: '56px 12px 16px',
      }}
    >
      <BootDone />
      <div style={{ position: 'absolute', top: 16, right: 16 }}>
        <LanguageSwitch />
      </div>
      <Card style={{ width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, marginTop: 0 }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </main>
  );
}
