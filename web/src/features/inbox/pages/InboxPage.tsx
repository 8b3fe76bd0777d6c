import { useState } from 'react';
import { Button, Empty, List, Segmented, Skeleton, Tag, Typography } from 'antd';
import { useLocation, useNavigate } from 'react-router';
import dayjs from 'dayjs';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useInbox, useMarkAllRead, useMarkRead, type Notice } from '../api';
import { S } from '../strings';

/** The inbox: newest first; a tap opens the notice's object and marks it read. */
export default function InboxPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [limit, setLimit] = useState(50);
  const { data, isPending } = useInbox({ unread: unreadOnly, limit });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const inConsole = useLocation().pathname.startsWith('/console');

  const open = (n: Notice) => {
    if (!n.read) markRead.mutate(n.id, { onError: toastError });
    if (n.link && !n.gone) void navigate(n.link);
  };

  return (
    <div style={{ padding: inConsole ? 0 : 12, maxWidth: 760 }} data-testid="inbox-page">
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, flex: 1 }}>
          {S.title}
        </Typography.Title>
        <Segmented
          size="middle"
          value={unreadOnly ? 'unread' : 'all'}
          onChange={(v) => setUnreadOnly(v === 'unread')}
          options={[
            { value: 'all', label: '全部' },
            { value: 'unread', label: `${S.unreadOnly}${data?.unread ? `（${data.unread}）` : ''}` },
          ]}
        />
        <Button disabled={!data?.unread} loading={markAll.isPending} onClick={() => markAll.mutate(undefined, { onSuccess: () => toastSuccess(S.allRead), onError: toastError })} data-testid="inbox-read-all">
          {S.markAll}
        </Button>
      </div>
      {isPending ? (
        <Skeleton active />
      ) : !data?.items.length ? (
        <Empty description={unreadOnly ? S.emptyUnread : S.empty} />
      ) : (
        <List
          style={{ background: '#fff', borderRadius: 8 }}
          dataSource={data.items}
          renderItem={(n) => (
            <List.Item
              data-testid="inbox-item"
              data-read={n.read ? '1' : '0'}
              onClick={() => open(n)}
              style={{ cursor: n.link && !n.gone ? 'pointer' : 'default', padding: '12px 14px', alignItems: 'flex-start', background: n.read ? undefined : '#fff8f6' }}
              actions={
                n.read
                  ? undefined
                  : [
                      <Button
                        key="read"
                        type="link"
                        size="small"
                        onClick={(e) => {
                          e.stopPropagation();
                          markRead.mutate(n.id, { onError: toastError });
                        }}
                      >
                        {S.markRead}
                      </Button>,
                    ]
              }
            >
              <div style={{ minWidth: 0, flex: 1 }}>
                <div style={{ display: 'flex', gap: 6, alignItems: 'flex-start' }}>
                  {/* The unread dot stands by the title's first line, also when the title wraps. */}
                  {!n.read && <span aria-hidden style={{ width: 8, height: 8, borderRadius: 4, background: '#cf1322', flex: 'none', marginTop: 7 }} />}
                  <span style={{ fontWeight: n.read ? 400 : 600, overflowWrap: 'anywhere' }}>{n.title}</span>
                  {n.gone && (
                    <Tag data-testid="inbox-gone" title={S.goneHint} style={{ marginInlineStart: 4 }}>
                      {S.gone}
                    </Tag>
                  )}
                </div>
                {n.body && <div style={{ color: '#6b6560', fontSize: 13, marginTop: 4, whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>{n.body}</div>}
                <div style={{ color: '#a8a09a', fontSize: 12, marginTop: 4 }}>{dayjs(n.createdAt).format('M月D日 HH:mm')}</div>
              </div>
            </List.Item>
          )}
        />
      )}
      {data && data.items.length >= limit && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => setLimit(limit + 50)}>{S.loadMore}</Button>
        </div>
      )}
    </div>
  );
}
