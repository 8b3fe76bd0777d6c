import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { App, Button, Card, DatePicker, Input, InputNumber, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckOutlined, DownloadOutlined, RollbackOutlined, StarOutlined, WarningFilled } from '@ant-design/icons';
import { apiUrl } from '../../../../api/client';
import { useCan } from '../../../../api/session';
import dayjs from 'dayjs';
import { buildUnitTree, useUnits } from '../../../../api/units';
import { toastSuccess } from '../../../../components/feedback';
import { useBatch, useConfig, useReviewQueue, type QueueStatus, type ReflectionSummary, type ReviewFilter, type Status } from '../../api';
import { StatusTag } from '../../components/StatusTag';
import { fmtTime, S, STATUS_LABEL } from '../../strings';

const C = S.console;
// Drafts are their authors' alone: never in the queue.
const STATUSES: QueueStatus[] = ['submitted', 'resubmitted', 'returned', 'approved', 'excellent', 'reported'];
const statusLabel = (s: QueueStatus) => (s === 'resubmitted' ? C.resubmittedOption : STATUS_LABEL[s]);

/** 心得审核: the queue in the clerk's reach, filtered; batch approve / mark excellent / return with one comment. */
export default function QueuePage() {
  const { modal, message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const filter: ReviewFilter = {
    unitId: Number(params.get('unitId')) || undefined,
    month: params.get('month') || undefined,
    // The queue opens on 待审核; 'all' (the cleared filter) shows every status.
    status: params.get('status') === 'all' ? undefined : (params.get('status') as QueueStatus) || 'submitted',
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
  const pendingCount = useReviewQueue({ status: 'submitted', page: 1, pageSize: 1 }).data?.total;
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [selected, setSelected] = useState<number[]>([]);
  const batch = useBatch();
  const canReview = queue.data?.canReview ?? false;
  const can = useCan();
  const flagPercent = useConfig().data?.flagPercent;
  const [returning, setReturning] = useState(false);
  const [returnComment, setReturnComment] = useState('');
  const showResult = (r: { done: number[]; skipped: { id: number; reason: string }[] }) => {
    setSelected([]);
    toastSuccess(C.batchDone(r.done.length, r.skipped.length));
    if (r.skipped.length > 0) {
      modal.info({ title: C.batchDone(r.done.length, r.skipped.length), content: r.skipped.map((s) => `#${s.id}：${s.reason}`).join('\n') });
    }
  };
  const runReturn = async () => {
    if (!returnComment.trim()) {
      void message.error(C.batchReturnNeedsComment);
      return;
    }
    try {
      showResult(await batch.mutateAsync({ action: 'return', ids: selected, comment: returnComment.trim() }));
      setReturning(false);
      setReturnComment('');
    } catch {
      /* shown by the mutation cache */
    }
  };

  const runBatch = (action: 'approve' | 'excellent') =>
    modal.confirm({
      title: action === 'approve' ? C.batchApprove : C.batchExcellent,
      content: C.batchConfirm(selected.length, action === 'approve' ? '审核通过' : '评为优秀'),
      onOk: async () => showResult(await batch.mutateAsync({ action, ids: selected })),
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
    { title: C.col.unit, dataIndex: 'unitName', width: 120, ellipsis: true },
    { title: C.col.book, dataIndex: 'bookTitle', width: 140, ellipsis: true, render: (b: string) => `《${b.replace(/^《|》$/g, '')}》` },
    { title: C.col.chars, dataIndex: 'charCount', width: 70, align: 'right' },
    { title: C.col.submittedAt, dataIndex: 'submittedAt', width: 110, render: (v: string | null) => (v ? fmtTime(v) : '—') },
    {
      title: C.col.similarity,
      dataIndex: 'similarityPercent',
      width: 90,
      align: 'right',
      render: (v: number | null, r) =>
        v === null ? (
          '—'
        ) : (
          <span style={{ color: r.flagged ? '#cf1322' : flagPercent !== undefined && v * 2 >= flagPercent ? '#d46b08' : '#1f7a3a', fontWeight: r.flagged ? 600 : 400 }} data-testid="rf-queue-sim">
            {r.flagged && <WarningFilled style={{ marginInlineEnd: 4 }} />}
            {v}%
          </span>
        ),
    },
    { title: C.col.score, dataIndex: 'score', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
    {
      title: C.col.status,
      dataIndex: 'status',
      width: 90,
      render: (s: Status, r) => (
        <Space size={4} wrap>
          <StatusTag status={s} />
          {r.resubmitted && (
            <Tag color="orange" data-testid="rf-queue-resubmitted">
              {C.resubmitted}
            </Tag>
          )}
        </Space>
      ),
    },
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
      title={
        <Space>
          {C.queueTitle}
          {pendingCount !== undefined && (
            <Tag color={pendingCount ? 'red' : 'default'} data-testid="rf-pending-count" style={{ cursor: 'pointer' }} onClick={() => set({ status: 'submitted' })}>
              {C.pendingCount(pendingCount)}
            </Tag>
          )}
        </Space>
      }
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
        <Select<QueueStatus>
          style={{ width: 190 }}
          allowClear
          placeholder={C.allStatus}
          value={filter.status}
          onChange={(v) => set({ status: v ?? 'all' })}
          options={STATUSES.map((s) => ({ value: s, label: statusLabel(s) }))}
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
        {can('reflections.export') && (
          <Button
            icon={<DownloadOutlined />}
            href={apiUrl('/reflections/review.xlsx', { unitId: filter.unitId, month: filter.month, status: filter.status, minSimilarity: filter.minSimilarity, q: filter.q })}
            data-testid="rf-export"
          >
            {C.exportList}
          </Button>
        )}
      </Space>
      {canReview ? (
        <Space wrap style={{ marginBottom: 12 }}>
          <Button icon={<CheckOutlined />} disabled={selected.length === 0} onClick={() => runBatch('approve')} data-testid="rf-batch-approve">
            {C.batchApprove}
          </Button>
          <Button icon={<StarOutlined />} disabled={selected.length === 0} onClick={() => runBatch('excellent')} data-testid="rf-batch-excellent">
            {C.batchExcellent}
          </Button>
          <Button danger icon={<RollbackOutlined />} disabled={selected.length === 0} onClick={() => setReturning(true)} data-testid="rf-batch-return">
            {C.batchReturn}
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
        // On a phone the table scrolls inside its card instead of widening the page (the title keeps ~190 px).
        scroll={{ x: 1060 }}
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
      <Modal
        open={returning}
        title={C.batchReturn}
        okText={C.batchReturn}
        okButtonProps={{ danger: true, loading: batch.isPending, disabled: !returnComment.trim() }}
        onOk={() => void runReturn()}
        onCancel={() => setReturning(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{C.batchReturnHint(selected.length)}</Typography.Paragraph>
        <Input.TextArea
          value={returnComment}
          onChange={(e) => setReturnComment(e.target.value)}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={2000}
          placeholder={C.batchReturnPlaceholder}
          data-testid="rf-batch-return-comment"
        />
      </Modal>
    </Card>
  );
}
