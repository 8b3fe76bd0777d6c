import { Badge, Card, List } from 'antd';
import { PushpinFilled, RightOutlined } from '@ant-design/icons';
import { Link } from 'react-router';
import { useMyAnnouncements } from '../api';
import { fmtTime, S } from '../strings';

/** The member's home: the newest announcements aimed at them (pinned first). Nothing when there are none. */
export function AnnouncementsCard({ limit = 3 }: { limit?: number }) {
  const list = useMyAnnouncements();
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Card
      size="small"
      title={S.myAnnTitle}
      extra={
        <Link to="/announcements" data-testid="home-ann-all">
          {S.seeAll} <RightOutlined />
        </Link>
      }
      data-testid="home-announcements"
    >
      <List
        size="small"
        dataSource={items.slice(0, limit)}
        renderItem={(a) => (
          <List.Item style={{ paddingInline: 0 }}>
            <Link to={`/announcements/${a.id}`} style={{ display: 'flex', gap: 8, alignItems: 'center', width: '100%', color: 'inherit' }}>
              {a.pinned && <PushpinFilled style={{ color: '#9e1b1b' }} />}
              <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: a.read ? 400 : 600 }}>{a.title}</span>
              {!a.read && <Badge color="#9e1b1b" />}
              <span style={{ color: '#8c847d', fontSize: 12 }}>{fmtTime(a.publishFrom).slice(5, 10)}</span>
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}
