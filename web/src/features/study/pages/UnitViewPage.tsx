import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Input, Segmented, Space, Statistic, Table, Tag, TreeSelect, Typography } from 'antd';
import { BellOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { apiUrl } from '../../../api/client';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useCan } from '../../../api/session';
import { useMissingPlans, useRemindPlans, useUnitView, type UnitRow } from '../api';
import { fmtMinutes, S } from '../strings';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** 学习情况: the clerk's (or a leader's) monthly view of a unit subtree. */
export default function UnitViewPage() {
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [unitId, setUnitId] = useState<number | undefined>();
  const [filter, setFilter] = useState<'all' | 'noPlan' | 'low'>('all');
  const [q, setQ] = useState('');
  const m = month.format('YYYY-MM');
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const view = useUnitView(m, unitId);
  const missing = useMissingPlans(m, unitId);
  const remind = useRemindPlans();
  // Reminding is the clerk's; leaders and inspectors read the list.
  const can = useCan();
  const v = view.data;
  const low = v?.lowCompliance ?? 0.6;
  const isLow = (r: UnitRow) => r.compliance !== null && r.compliance < low;
  const rows = (v?.rows ?? []).filter((r) => !q.trim() || r.name.includes(q.trim())).filter((r) => (filter === 'noPlan' ? !r.hasPlan : filter === 'low' ? isLow(r) : true));
  const columns = [
    { title: S.cols.name, dataIndex: 'name', key: 'name', width: 100, fixed: 'left' as const },
    { title: S.cols.unit, dataIndex: 'unitName', key: 'unit', width: 130 },
    {
      title: S.cols.plan,
      key: 'plan',
      width: 100,
      render: (_: unknown, r: UnitRow) => (r.hasPlan ? r.planLate ? <Tag color="warning">{S.planMadeLate}</Tag> : <Tag color="success">{S.planMade}</Tag> : <Tag color="error">{S.planNone}</Tag>),
    },
    { title: S.cols.books, dataIndex: 'booksFinished', key: 'books', width: 90, align: 'right' as const, sorter: (a: UnitRow, b: UnitRow) => a.booksFinished - b.booksFinished },
    { title: S.cols.booksMet, key: 'booksMet', width: 90, render: (_: unknown, r: UnitRow) => (r.booksMet ? <Tag color="success">{S.yes}</Tag> : <Tag>{S.no}</Tag>) },
    { title: S.cols.days, key: 'days', width: 130, align: 'right' as const, render: (_: unknown, r: UnitRow) => `${r.daysMet} / ${r.requiredDays}` },
    {
      title: S.cols.compliance,
      key: 'compliance',
      width: 100,
      align: 'right' as const,
      sorter: (a: UnitRow, b: UnitRow) => (a.compliance ?? -1) - (b.compliance ?? -1),
      render: (_: unknown, r: UnitRow) => <span style={{ color: isLow(r) ? '#cf1322' : undefined, fontWeight: 600 }}>{pct(r.compliance)}</span>,
    },
    { title: S.cols.minutes, dataIndex: 'minutes', key: 'minutes', width: 120, align: 'right' as const, sorter: (a: UnitRow, b: UnitRow) => a.minutes - b.minutes, render: (x: number) => fmtMinutes(x) },
    {
      title: S.cols.sessions,
      key: 'sessions',
      width: 170,
      align: 'right' as const,
      render: (_: unknown, r: UnitRow) => (
        <span data-testid="sessions-cell">
          {r.sessionsAttended} / {r.sessionsExpected}
          {r.sessionsLate || r.sessionsExcused ? (
            <span style={{ color: '#8c847d' }}>
              {' '}
              （{[r.sessionsLate ? S.late(r.sessionsLate) : '', r.sessionsExcused ? S.excused(r.sessionsExcused) : ''].filter(Boolean).join('，')}）
            </span>
          ) : null}
        </span>
      ),
    },
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <Space wrap>
        <Typography.Title level={4} style={{ margin: 0, marginRight: 16 }}>
          {S.consoleTitle}
        </Typography.Title>
        <DatePicker picker="month" value={month} allowClear={false} onChange={(d) => d && setMonth(d)} aria-label={S.monthLabel} />
        <TreeSelect
          style={{ width: 240 }}
          treeData={tree}
          value={unitId ?? v?.unit.id}
          onChange={(x: number) => setUnitId(x)}
          treeDefaultExpandAll
          placeholder={S.unit}
          data-testid="unit-select"
        />
        <Button icon={<DownloadOutlined />} href={apiUrl('/study/units/view.xlsx', { month: m, unitId })} data-testid="export">
          {S.export}
        </Button>
      </Space>
      {v && (
        <Card size="small">
          <div style={{ display: 'flex', gap: 40, flexWrap: 'wrap' }} data-testid="totals">
            <Statistic title="人数" value={v.totals.members} />
            <Statistic title="已制定计划" value={v.totals.withPlan} suffix={`/ ${v.totals.members}`} />
            <Statistic title={`读书达标（≥${v.booksPerMonth}本）`} value={v.totals.booksMet} suffix={`/ ${v.totals.members}`} />
            <Statistic title={S.compliance} value={pct(v.totals.compliance)} />
            <Statistic title="集中学习出勤" value={v.totals.sessionsAttended} suffix={`/ ${v.totals.sessionsExpected}`} />
            <Statistic title="其中迟到" value={v.totals.sessionsLate} suffix="人次" />
            <Statistic title="请假" value={v.totals.sessionsExcused} suffix="人次" />
            <div style={{ alignSelf: 'flex-end', color: '#8c847d', fontSize: 13 }}>
              {S.requiredSoFar(v.requiredDaysSoFar, v.through)} · 每日 {v.target} 分钟
            </div>
          </div>
        </Card>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 300px', gap: 16, alignItems: 'start' }}>
        <Card size="small" title={<Input.Search allowClear placeholder="按姓名查找" style={{ width: 200 }} value={q} onChange={(e) => setQ(e.target.value)} data-testid="name-filter" />} extra={<Segmented size="small" value={filter} onChange={(x) => setFilter(x as typeof filter)} options={[{ label: S.filterAll, value: 'all' }, { label: S.filterNoPlan, value: 'noPlan' }, { label: S.filterLow(Math.round(low * 100)), value: 'low' }]} />}>
          <Table<UnitRow>
            size="small"
            rowKey="memberId"
            loading={view.isFetching && !v}
            columns={columns}
            dataSource={rows}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            scroll={{ x: 1030 }}
            data-testid="unit-table"
          />
        </Card>
        <Card
          size="small"
          title={S.missingTitle(missing.data?.members.length ?? 0)}
          extra={
            can('study.remind') && (
              <Button
                type="primary"
                size="small"
                icon={<BellOutlined />}
                disabled={!missing.data?.members.length}
                loading={remind.isPending}
                data-testid="remind-all"
                onClick={() => remind.mutateAsync({ month: m, unitId }).then((r) => toastSuccess(S.reminded(r.sent, r.members)))}
              >
                {S.remindAll}
              </Button>
            )
          }
        >
          {missing.data?.members.length ? (
            <div style={{ maxHeight: 480, overflow: 'auto' }} data-testid="missing-list">
              {missing.data.members.map((x) => (
                <div key={x.memberId} style={{ display: 'flex', justifyContent: 'space-between', padding: '4px 0', borderBottom: '1px solid #f3efea' }}>
                  <span>{x.name}</span>
                  <span style={{ color: '#8c847d', fontSize: 12 }}>{x.unitName}</span>
                </div>
              ))}
            </div>
          ) : missing.data ? (
            <Empty description={S.missingNone} image={Empty.PRESENTED_IMAGE_SIMPLE} />
          ) : null}
          {v && (
            <Alert style={{ marginTop: 8 }} type="info" title={`计划截止：${v.deadline}`} />
          )}
        </Card>
      </div>
    </div>
  );
}
