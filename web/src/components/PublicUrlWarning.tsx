// Shown on every console page that prints or shows a QR code, while the public address
// is unset or points at this machine or the office network: phones outside would not reach it.
import { Alert } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Static } from 'typebox';
import { api } from '../api/client';
import { can, useMe } from '../api/session';
import type { PublicUrlDto } from '../../../server/src/modules/site/schemas';
import { S } from './strings';

export function usePublicUrl() {
  return useQuery({ queryKey: ['site', 'public-url'], queryFn: () => api.get<Static<typeof PublicUrlDto>>('/site/public-url'), staleTime: 60_000 });
}

/** `overlay`: on the full-screen pages (check-in screen, live seminar), a compact box in the top-left corner. */
export function PublicUrlWarning({ overlay = false }: { overlay?: boolean }) {
  const { data } = usePublicUrl();
  const { data: me } = useMe();
  if (!data?.problem) return null;
  const why = data.problem === 'unset' ? S.publicUrl.unset(data.url) : data.problem === 'loopback' ? S.publicUrl.loopback(data.url) : S.publicUrl.private(data.url);
  return (
    <Alert
      data-testid="public-url-warning"
      type="warning"
      showIcon
      style={overlay ? { position: 'absolute', top: 12, left: 12, maxWidth: 'min(560px, 45vw)', zIndex: 1 } : { marginBottom: 16 }}
      title={why}
      description={
        <span>
          {S.publicUrl.fix}
          {can(me, 'admin.editSettings') && (
            <>
              {' '}
              <Link to="/console/settings">{S.publicUrl.toSettings}</Link>
            </>
          )}
        </span>
      }
    />
  );
}
