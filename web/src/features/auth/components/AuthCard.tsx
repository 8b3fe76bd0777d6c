import type { ReactNode } from 'react';
import { ReadOutlined } from '@ant-design/icons';
import { S } from '../strings';

/**
 * The centred card of the sign-in, password and second-factor pages; full width on a phone.
 * Plain elements styled by global.css (`sx-auth-*`): the sign-in page is in the app's first chunk.
 */
export function AuthCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="sx-auth">
      <div className="sx-auth-brand">
        <ReadOutlined className="sx-auth-logo" />
        <div className="sx-auth-name">{S.appName}</div>
        <div className="sx-auth-tagline">{S.tagline}</div>
      </div>
      <div className="sx-auth-card">
        <h4 className="sx-auth-title">{title}</h4>
        {children}
      </div>
    </div>
  );
}
