import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Card, Drawer, Segmented, Table, Tag, Typography } from 'antd';
import { useRectifications, type Rectification } from '../api';
import { RectificationDetail } from '../components/RectificationDetail';
import { S } from '../strings';

const COLOR: Record<string, string> = { open: 'processing', submitted: 'warning', accepted: 'success', overdue: 'error' };

/** Rectification tasks within reach (the offices see their towns; a unit sees its own). */
export default function RectificationsPage() {
  const [params] = useSearchParams();
  const [status, setStatus] = useState<string>(params.get('status') ?? '');
  const [focus, setFocus] = useState<number | null>(params.get('focus') ? Number(params.get('focus')) : null);
  const unitId = params.get('unitId') ? Number(params.get('unitId')) : undefined;
  const list = useRectifications({ status: status || undefined, unitId });
  return (
    <Card title={S.rectTitle}>
      <Typography.Paragraph type="secondary">{S.rectIntro}</Typography.Paragraph>
      <Segmented
        value={status}
        onChange={(v) => setStatus(String(v))}
        options={[{ value: '', label: S.statusAll }, ...Object.entries(S.statuses).map(([value, label]) => ({ value, label }))]}
        style={{ marginBottom: 12 }}
      />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        pagination={false}
        locale={{ emptyText: S.noTasks }}
        onRow={(r) => ({ onClick: () => setFocus(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: S.col.unit, dataIndex: 'unitName', width: 120 },
          { title: S.finding, key: 'f', render: (_: unknown, r: Rectification) => `${r.itemLabel}：${r.findingText}` },
          { title: S.requirement, dataIndex: 'requirement' },
          { title: S.col.owner, dataIndex: 'ownerName', width: 90 },
          { title: S.col.deadline, dataIndex: 'deadline', width: 110 },
          { title: S.evidence, dataIndex: 'evidenceCount', width: 80, align: 'right' as const },
          { title: S.col.status, key: 's', width: 90, render: (_: unknown, r: Rectification) => <Tag color={COLOR[r.shownStatus]}>{r.statusLabel}</Tag> },
        ]}
      />
      <Drawer open={focus !== null} size={560} title={S.rectTitle} onClose={() => setFocus(null)} destroyOnHidden>
        {focus !== null ? <RectificationDetail id={focus} /> : null}
      </Drawer>
    </Card>
  );
}
