import { Link } from 'react-router';
import { PinIcon, RightIcon } from '../../../components/PlainIcons';
import { PlainCard } from '../../../components/PlainCard';
import { useMyAnnouncements } from '../api';
import { fmtTime, S } from '../strings';

/**
 * The member's home: the newest announcements aimed at them (pinned first). Nothing when there are none.
 * Plain elements (no antd): the member home shows before antd has loaded.
 */
export function AnnouncementsCard({ limit = 3 }: { limit?: number }) {
  const list = useMyAnnouncements();
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <PlainCard
      title={S.myAnnTitle}
      testId="home-announcements"
      extra={
        <Link to="/announcements" data-testid="home-ann-all">
          {S.seeAll} <RightIcon />
        </Link>
      }
    >
      <ul style={{ listStyle: 'none', margin: '-8px 0', padding: 0 }}>
        {items.slice(0, limit).map((a, i) => (
          <li key={a.id} style={{ padding: '8px 0', borderTop: i ? '1px solid rgba(5, 5, 5, 0.06)' : undefined }}>
            <Link to={`/announcements/${a.id}`} style={{ display: 'flex', gap: 8, alignItems: 'center', width: '100%', color: 'inherit', textDecoration: 'none' }}>
              {a.pinned && <PinIcon style={{ color: '#9e1b1b' }} />}
              <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: a.read ? 400 : 600 }}>{a.title}</span>
              {!a.read && <span aria-hidden="true" style={{ width: 6, height: 6, borderRadius: '50%', background: '#9e1b1b', flex: 'none' }} />}
              <span style={{ color: '#8c847d', fontSize: 12 }}>{fmtTime(a.publishFrom).slice(5, 10)}</span>
            </Link>
          </li>
        ))}
      </ul>
    </PlainCard>
  );
}
