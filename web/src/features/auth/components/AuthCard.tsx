import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import { ReadOutlined } from '@ant-design/icons';
import { S } from '../strings';

/** The centred card of the sign-in, password and second-factor pages; full width on a phone. */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'flex', flexDirection: 'column', alignItems: 'center', padding: '40px 16px 24px', background: 'linear-gradient(180deg, #9e1b1b 0, #9e1b1b 180px, #f6f4f1 180px)' }}>
      <div style={{ color: '#fff', textAlign: 'center', marginBottom: 20 }}>
        <ReadOutlined style={{ fontSize: 34, color: '#e8c27a' }} />
        <div style={{ fontSize: 24, fontWeight: 600, letterSpacing: 4, marginTop: 6 }}>{S.appName}</div>
        <div style={{ fontSize: 13, opacity: 0.85 }}>{S.tagline}</div>
      </div>
      <Card style={{ width: '100%', maxWidth: 400, boxShadow: '0 4px 16px rgba(0,0,0,0.08)' }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {title}
        </Typography.Title>
        {children}
      </Card>
    </div>
  );
}
