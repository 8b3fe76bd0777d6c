import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Segmented, Skeleton } from 'antd';
import { EditOutlined, LikeOutlined, MessageOutlined, TeamOutlined } from '@ant-design/icons';
import { useConfig, useFinishedBooks, useMine, type ReflectionSummary, type Status } from '../api';
import { StatusTag } from '../components/StatusTag';
import { TopBar } from '../../../components/TopBar';
import { fmtTime, S } from '../strings';

type Group = 'all' | 'todo' | 'review' | 'done';
const GROUPS: Record<Group, Status[] | null> = {
  all: null,
  todo: ['draft', 'returned'],
  review: ['submitted'],
  done: ['approved', 'excellent', 'reported'],
};
const GROUP_LABEL: Record<Group, string> = { all: '全部', todo: '待完成', review: '审核中', done: '已通过' };

function Row({ r }: { r: ReflectionSummary }) {
  const tone = r.status === 'returned' ? '#d46b08' : r.status === 'excellent' || r.status === 'reported' ? '#9e1b1b' : '#8c847d';
  return (
    <Link to={`/reflections/${r.id}`} data-testid="rf-mine-row" data-id={r.id} style={{ display: 'block', padding: '14px', background: '#fff', color: 'inherit', borderBottom: '1px solid #f0ece7' }}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8 }}>
        <div style={{ flex: 1, minWidth: 0, fontSize: 16, fontWeight: 600, lineHeight: 1.4 }}>{r.title}</div>
        <StatusTag status={r.status} />
      </div>
      <div style={{ fontSize: 13, color: '#6b6560', marginTop: 4, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
        《{r.bookTitle.replace(/^《|》$/g, '')}》 · {S.count(r.charCount)}
      </div>
      <div style={{ display: 'flex', gap: 12, fontSize: 12, color: tone, marginTop: 4, flexWrap: 'wrap' }}>
        <span>{fmtTime(r.submittedAt ?? r.updatedAt)}</span>
        {r.score !== null && <span>{S.score(r.score)}</span>}
        {r.status === 'returned' && <span>请按审核意见修改后重新提交</span>}
        {r.likes > 0 && (
          <span>
            <LikeOutlined /> {r.likes}
          </span>
        )}
        {r.comments > 0 && (
          <span>
            <MessageOutlined /> {r.comments}
          </span>
        )}
      </div>
    </Link>
  );
}

/** 心得 tab: what I wrote and where each stands, the books waiting for one, and 写心得. */
export default function MyReflectionsPage() {
  const mine = useMine();
  const books = useFinishedBooks();
  const config = useConfig();
  const [group, setGroup] = useState<Group>('all');
  const items = mine.data?.items ?? [];
  const shown = GROUPS[group] ? items.filter((r) => GROUPS[group]!.includes(r.status)) : items;
  const waiting = (books.data?.items ?? []).filter((b) => b.reflectionId === null);
  const writeButton = (
    <Link to="/reflections/new" data-testid="rf-write">
      <Button type="primary" icon={<EditOutlined />}>
        {S.write}
      </Button>
    </Link>
  );
  return (
    <>
      <TopBar
        title={S.title}
        extra={
          <div style={{ display: 'flex', gap: 6, paddingRight: 4 }}>
            {config.data?.sharedWithColleagues && (
              <Link to="/reflections/shared" data-testid="rf-to-shared">
                <Button icon={<TeamOutlined />}>{S.shared}</Button>
              </Link>
            )}
            {writeButton}
          </div>
        }
      />
      {waiting.length > 0 && (
        <div style={{ padding: '12px 14px 4px' }}>
          <div style={{ fontSize: 13, color: '#8c847d', marginBottom: 6 }}>{S.finishedBooks}</div>
          <div style={{ display: 'flex', gap: 8, overflowX: 'auto', paddingBottom: 6 }}>
            {waiting.map((b) => (
              <Link
                key={`${b.planItemId}-${b.bookId}-${b.bookTitle}`}
                to={`/reflections/new?${new URLSearchParams({ ...(b.bookId ? { book: String(b.bookId) } : { title: b.bookTitle }), ...(b.planItemId ? { planItem: String(b.planItemId) } : {}) })}`}
                data-testid="rf-waiting-book"
                style={{ flex: 'none', width: 150, padding: 12, background: '#fff', borderRadius: 8, border: '1px solid #ece8e3', color: 'inherit' }}
              >
                <div style={{ fontSize: 14, fontWeight: 600, lineHeight: 1.4, height: 40, overflow: 'hidden' }}>《{b.bookTitle}》</div>
                <div style={{ fontSize: 13, color: '#9e1b1b', marginTop: 6 }}>
                  <EditOutlined /> {S.writeFor}
                </div>
              </Link>
            ))}
          </div>
        </div>
      )}
      <div style={{ padding: '8px 14px' }}>
        <Segmented<Group> block value={group} onChange={setGroup} options={(Object.keys(GROUPS) as Group[]).map((g) => ({ value: g, label: `${GROUP_LABEL[g]}${g === 'all' ? '' : ` ${items.filter((r) => GROUPS[g]!.includes(r.status)).length}`}` }))} />
      </div>
      {mine.isPending ? (
        <div style={{ padding: 16 }}>
          <Skeleton active paragraph={{ rows: 5 }} />
        </div>
      ) : shown.length > 0 ? (
        <div data-testid="rf-mine">
          {shown.map((r) => (
            <Row key={r.id} r={r} />
          ))}
        </div>
      ) : (
        <Card style={{ margin: 12 }}>
          <Empty description={items.length === 0 ? `${S.empty}，${S.emptyHint}` : S.empty}>{items.length === 0 && writeButton}</Empty>
        </Card>
      )}
    </>
  );
}
