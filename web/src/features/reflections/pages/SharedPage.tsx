import { Link } from 'react-router';
import { Button, Card, Empty, Skeleton } from 'antd';
import { LikeOutlined, MessageOutlined } from '@ant-design/icons';
import { useShared, type ReflectionSummary } from '../api';
import { TopBar } from '../../../components/TopBar';
import { fmtTime, S } from '../strings';

function Row({ r }: { r: ReflectionSummary }) {
  return (
    <Link to={`/reflections/${r.id}`} data-testid="rf-shared-row" style={{ display: 'block', padding: 14, background: '#fff', color: 'inherit', borderBottom: '1px solid #f0ece7' }}>
      <div style={{ fontSize: 16, fontWeight: 600, lineHeight: 1.4 }}>
        {r.status === 'excellent' || r.status === 'reported' ? <span style={{ color: '#9e1b1b', marginInlineEnd: 6 }}>【优秀】</span> : null}
        {r.title}
      </div>
      <div style={{ fontSize: 13, color: '#6b6560', marginTop: 4 }}>
        {S.by(r.memberName, r.unitName)} · 《{r.bookTitle.replace(/^《|》$/g, '')}》
      </div>
      <div style={{ display: 'flex', gap: 14, fontSize: 12, color: '#8c847d', marginTop: 4 }}>
        <span>{fmtTime(r.submittedAt ?? r.updatedAt)}</span>
        <span>{S.count(r.charCount)}</span>
        <span>
          <LikeOutlined /> {r.likes}
        </span>
        <span>
          <MessageOutlined /> {r.comments}
        </span>
      </div>
    </Link>
  );
}

/** 同事心得: colleagues' approved reflections, to read, like and discuss. */
export default function SharedPage() {
  const list = useShared();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const enabled = list.data?.pages[0]?.enabled !== false;
  return (
    <>
      <TopBar title={S.sharedTitle} back="/reflections" />
      {list.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton active paragraph={{ rows: 5 }} />
        </div>
      ) : !enabled ? (
        <Card style={{ margin: 12 }}>
          <Empty description={S.sharedOff} />
        </Card>
      ) : items.length === 0 ? (
        <Card style={{ margin: 12 }}>
          <Empty description={S.sharedEmpty} />
        </Card>
      ) : (
        <div data-testid="rf-shared">
          {items.map((r) => (
            <Row key={r.id} r={r} />
          ))}
          {list.hasNextPage && (
            <div style={{ padding: 12, textAlign: 'center' }}>
              <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                {S.loadMore}
              </Button>
            </div>
          )}
        </div>
      )}
    </>
  );
}
