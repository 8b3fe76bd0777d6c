import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { LeftOutlined } from '@ant-design/icons';
import { S } from './strings';

/** The phone pages' header: a back link within thumb reach of the title, and an optional action. */
export function TopBar({ title, back, extra }: { title: string; back?: string; extra?: ReactNode }) {
  return (
    <header
      style={{
        position: 'sticky',
        top: 0,
        zIndex: 12,
        height: 48,
        display: 'flex',
        alignItems: 'center',
        gap: 4,
        padding: '0 8px',
        background: '#fff',
        borderBottom: '1px solid #ece8e3',
      }}
    >
      {back ? (
        <Link to={back} aria-label={S.back} data-testid="top-back" style={{ width: 40, height: 40, display: 'flex', alignItems: 'center', justifyContent: 'center', color: '#2b2b2b', fontSize: 16 }}>
          <LeftOutlined />
        </Link>
      ) : (
        <span style={{ width: 8 }} />
      )}
      <h1 style={{ flex: 1, minWidth: 0, margin: 0, fontSize: 17, fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{title}</h1>
      {extra}
    </header>
  );
}
