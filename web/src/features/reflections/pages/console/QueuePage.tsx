import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Input, InputNumber, Select, Space, Table, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckOutlined, StarOutlined, WarningFilled } from '@ant-design/icons';
import dayjs from 'dayjs';
import { buildUnitTree, useUnits } from '../../../../api/units';
import { toastSuccess } from '../../../../components/feedback';
import { useBatch, useReviewQueue, type ReflectionSummary, type ReviewFilter, type Status } from '../../api';
import { StatusTag } from '../../components/StatusTag';
import { fmtTime, S, STATUS_LABEL } from '../../strings';

const C = S.console;
const STATUSES: Status[] = ['submitted', 'returned', 'approved', 'excellent', 'reported', 'draft'];

/** 心得审核: the queue in the clerk's reach, filtered; batch approve / mark excellent. */
export default function QueuePage() {
  const { modal } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter: ReviewFilter = {
    unitId: Number(params.get('unitId')) || undefined,
    month: params.get('month') || undefined,
    status: (params.get('status') as Status) || undefined,
    minSimilarity: params.get('minSimilarity') ? Number(params.get('minSimilarity')) : undefined,
    q: params.get('q') || undefined,
    page: Number(params.get('page')) || 1,
    pageSize: 50,
  };
  const set = (patch: Record<string, string | number | undefined | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === null || v === '') next.delete(k);
      else next.set(k, String(v));
    }
    if (!('page' in patch)) next.delete('page');
    setParams(next, { replace: true });
  };
  const queue = useReviewQueue(filter);
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [selected, setSelected] = useState<number[]>([]);
  const batch = useBatch();
  const canReview = queue.data?.canReview ?? false;

  const runBatch = (action: 'approve' | 'excellent') =>
    modal.confirm({
      title: action === 'approve' ? C.batchApprove : C.batchExcellent,
      content: C.batchConfirm(selected.length, action === 'approve' ? '审核通过' : '评为优秀'),
      onOk: async () => {
        const r = await batch.mutateAsync({ action, ids: selected });
        setSelected([]);
        toastSuccess(C.batchDone(r.done.length, r.skipped.length));
        if (r.skipped.length > 0) {
          modal.info({ title: C.batchDone(r.done.length, r.skipped.length), content: r.skipped.map((s) => `#${s.id}：${s.reason}`).join('\n') });
        }
      },
    });

  const columns: ColumnsType<ReflectionSummary> = [
    {
      title: C.col.title,
      dataIndex: 'title',
      render: (t: string, r) => (
        <Link to={`/console/reflections/${r.id}`} data-testid="rf-queue-title">
          {t}
        </Link>
      ),
    },
    { title: C.col.member, dataIndex: 'memberName', width: 90 },
    { title: C.col.unit, dataIndex: 'unitName', width: 140, ellipsis: true },
    { title: C.col.book, dataIndex: 'bookTitle', width: 160, ellipsis: true, render: (b: string) => `《${b.replace(/^《|》$/g, '')}》` },
    { title: C.col.chars, dataIndex: 'charCount', width: 70, align: 'right' },
    { title: C.col.submittedAt, dataIndex: 'submittedAt', width: 120, render: (v: string | null) => (v ? fmtTime(v) : '—') },
    {
      title: C.col.similarity,
      dataIndex: 'similarityPercent',
      width: 90,
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? (
          '—'
        ) : (
          <span style={{ color: r.flagged ? '#cf1322' : v >= 20 ? '#d46b08' : '#1f7a3a', fontWeight: r.flagged ? 600 : 400 }} data-testid="rf-queue-sim">
            {r.flagged && <WarningFilled style={{ marginInlineEnd: 4 }} />}
            {v}%
          </span>
        ),
    },
    { title: C.col.score, dataIndex: 'score', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
    { title: C.col.status, dataIndex: 'status', width: 86, render: (s: Status) => <StatusTag status={s} /> },
    {
      title: '',
      width: 70,
      render: (_, r) => (
        <Link to={`/console/reflections/${r.id}`}>
          <Button size="small" type={r.status === 'submitted' && canReview ? 'primary' : 'default'}>
            {C.open}
          </Button>
        </Link>
      ),
    },
  ];

  return (
    <Card
      title={C.queueTitle}
      extra={
        <Space>
          <Link to="/console/reflections/quota">{C.menuQuota}</Link>
          <Link to="/console/reflections/reports">{C.menuReports}</Link>
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <TreeSelect
          style={{ width: 220 }}
          allowClear
          placeholder={C.allUnits}
          treeData={tree}
          treeDefaultExpandAll
          value={filter.unitId}
          onChange={(v: number | undefined) => set({ unitId: v })}
          data-testid="rf-filter-unit"
        />
        <DatePicker
          picker="month"
          placeholder={C.month}
          value={filter.month ? dayjs(`${filter.month}-01`) : null}
          onChange={(d) => set({ month: d ? d.format('YYYY-MM') : undefined })}
          data-testid="rf-filter-month"
        />
        <Select<Status>
          style={{ width: 170 }}
          allowClear
          placeholder={C.allStatus}
          value={filter.status}
          onChange={(v) => set({ status: v })}
          options={STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[s] }))}
          data-testid="rf-filter-status"
        />
        <InputNumber
          style={{ width: 150 }}
          min={0}
          max={100}
          addonBefore={C.minSimilarity}
          addonAfter="%"
          value={filter.minSimilarity ?? null}
          onChange={(v) => set({ minSimilarity: v ?? undefined })}
          data-testid="rf-filter-sim"
        />
        <Input.Search style={{ width: 200 }} allowClear placeholder={C.search} defaultValue={filter.q} onSearch={(v) => set({ q: v.trim() })} />
      </Space>
      {canReview ? (
        <Space style={{ marginBottom: 12 }}>
          <Button icon={<CheckOutlined />} disabled={selected.length === 0} onClick={() => runBatch('approve')} data-testid="rf-batch-approve">
            {C.batchApprove}
          </Button>
          <Button icon={<StarOutlined />} disabled={selected.length === 0} onClick={() => runBatch('excellent')} data-testid="rf-batch-excellent">
            {C.batchExcellent}
          </Button>
          <Typography.Text type="secondary">{selected.length > 0 ? S.console.selectedCount(selected.length) : ''}</Typography.Text>
        </Space>
      ) : (
        queue.data && <Typography.Paragraph type="secondary">{C.readOnly}</Typography.Paragraph>
      )}
      <Table<ReflectionSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={queue.data?.items}
        loading={queue.isFetching}
        data-testid="rf-queue"
        rowSelection={
          canReview
            ? {
                selectedRowKeys: selected,
                onChange: (keys) => setSelected(keys as number[]),
                getCheckboxProps: (r) => ({ disabled: r.status !== 'submitted' && r.status !== 'approved' }),
              }
            : undefined
        }
        onRow={(r) => ({ 'data-testid': 'rf-queue-row', 'data-id': r.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: filter.page,
          pageSize: 50,
          total: queue.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => C.total(n),
          onChange: (p) => set({ page: p }),
        }}
      />
    </Card>
  );
}
