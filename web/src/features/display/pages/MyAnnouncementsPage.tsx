import { Empty, List, Skeleton, Tag, Typography } from 'antd';
import { PushpinFilled } from '@ant-design/icons';
import { Link } from 'react-router';
import { useMyAnnouncements } from '../api';
import { fmtTime, S } from '../strings';

/** All announcements aimed at the member, pinned first. */
export default function MyAnnouncementsPage() {
  const list = useMyAnnouncements();
  return (
    <div style={{ padding: 12 }}>
      <Typography.Title level={4} style={{ marginTop: 4 }}>
        {S.myAnnTitle}
      </Typography.Title>
      {list.isLoading ? (
        <Skeleton active />
      ) : (list.data?.items.length ?? 0) === 0 ? (
        <Empty description={S.noAnn} />
      ) : (
        <List
          dataSource={list.data!.items}
          data-testid="my-announcements"
          renderItem={(a) => (
            <List.Item style={{ background: '#fff', borderRadius: 8, padding: 12, marginBottom: 8 }}>
              <Link to={`/announcements/${a.id}`} style={{ display: 'flex', gap: 10, width: '100%', color: 'inherit' }}>
                {a.images[0] && <img src={a.images[0].url} alt="" style={{ width: 72, height: 54, objectFit: 'cover', borderRadius: 4, flex: 'none' }} />}
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ fontWeight: a.read ? 500 : 700 }}>
                    {a.pinned && <PushpinFilled style={{ color: '#9e1b1b', marginRight: 4 }} />}
                    {a.title}
                  </div>
                  <div style={{ color: '#8c847d', fontSize: 12, marginTop: 4 }}>
                    {a.unitName} · {fmtTime(a.publishFrom)} {!a.read && <Tag color="red">{S.unread}</Tag>}
                  </div>
                </div>
              </Link>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
