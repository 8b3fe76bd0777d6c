import { Link, useParams } from 'react-router';
import { Card, Empty, List, Tag, Typography } from 'antd';
import { useRectifications } from '../api';
import { RectificationDetail } from '../components/RectificationDetail';
import { S } from '../strings';

const COLOR: Record<string, string> = { open: 'processing', submitted: 'warning', accepted: 'success', overdue: 'error' };

/** On the phone: the rectification tasks of the unit (its secretary) or of the cadre who owns them. */
export function MyRectificationsPage() {
  const list = useRectifications({});
  return (
    <div style={{ padding: 12 }}>
      <Typography.Title level={4}>{S.myTasks}</Typography.Title>
      <Card size="small">
        {list.data && list.data.length === 0 ? <Empty description={S.noTasks} /> : null}
        <List
          loading={list.isPending}
          dataSource={list.data ?? []}
          renderItem={(r) => (
            <List.Item key={r.id} extra={<Tag color={COLOR[r.shownStatus]}>{r.statusLabel}</Tag>}>
              <List.Item.Meta title={<Link to={`/assessment/rectifications/${r.id}`}>{r.requirement}</Link>} description={`${r.unitName} · ${S.col.deadline} ${r.deadline}`} />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}

export default function RectificationPage() {
  const id = Number(useParams().id);
  return (
    <div style={{ padding: 12 }}>
      <Typography.Title level={4}>
        <Link to="/assessment/rectifications">{S.myTasks}</Link>
      </Typography.Title>
      <RectificationDetail id={id} />
    </div>
  );
}
