import { useMemo, useState } from 'react';
import { Alert, Button, Card, DatePicker, Empty, Grid, Input, Segmented, Space, Statistic, Table, Tag, TreeSelect, Typography } from 'antd';
import { BellOutlined, DownloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { apiUrl } from '../../../api/client';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useCan, useMe } from '../../../api/session';
import { useMissingPlans, useRemindPlans, useUnitSummary, useUnitView, type UnitRow, type UnitTotals } from '../api';
import { fmtMinutes, S } from '../strings';
import { defaultScopeId, freshness, shanghaiMonth, spansTowns, unitsSource } from '../summary';

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** 学习情况: the clerk's (or a leader's) monthly view of a unit subtree. */
export default function UnitViewPage() {
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [unitId, setUnitId] = useState<number | undefined>();
  const [filter, setFilter] = useState<'all' | 'noPlan' | 'low'>('all');
  const [q, setQ] = useState('');
  // Chosen by the clerk; until then, a scope over towns opens on 按单位汇总 (its live view is every member of every town).
  const [chosenBy, setBy] = useState<'people' | 'units'>();
  // Phones get cards instead of the table (issue 11: the office reads it on a desktop, a leader on a phone).
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const m = month.format('YYYY-MM');
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const me = useMe().data;
  const ownScope = defaultScopeId(me?.permissions['study.viewUnits']?.unitPaths ?? []);
  const overTowns = (id: number | undefined) => (id !== undefined && units.data ? spansTowns(units.data, id) : undefined);
  const ownOverTowns = overTowns(ownScope);
  const by = chosenBy ?? (ownOverTowns === undefined ? undefined : ownOverTowns ? 'units' : 'people');
  // 按单位汇总 of a past month or of a scope over towns (a district, a province) reads the nightly
  // summary (decision 021); this month of a town or an office is computed live, as are the people.
  const summary = useUnitSummary(m, unitId, by === 'units');
  const scopeOverTowns = overTowns(unitId ?? ownScope ?? summary.data?.unit.id);
  const source = by !== 'units' ? undefined : m < shanghaiMonth() ? 'summary' : scopeOverTowns === undefined ? undefined : unitsSource(m, shanghaiMonth(), scopeOverTowns);
  const fromSummary = source === 'summary';
  // The people need the live view; the units only when they are computed live.
  const view = useUnitView(m, unitId, by === 'people' || source === 'live');
  const s = summary.data;
  const fresh = source ? freshness(source, source === 'summary' ? (s?.asOf ?? null) : null, m) : null;
  const missing = useMissingPlans(m, unitId);
  const remind = useRemindPlans();
  // Reminding is the clerk's; leaders and inspectors read the list.
  const can = useCan();
  const v = view.data;
  // The totals above the tabs follow the table shown: the summary's on its tab, else the live view's.
  const head = fromSummary ? s : v;
  const low = head?.lowCompliance ?? 0.6;
  const isLow = (r: UnitRow) => r.compliance !== null && r.compliance < low;
  const rows = (v?.rows ?? []).filter((r) => !q.trim() || r.name.includes(q.trim())).filter((r) => (filter === 'noPlan' ? !r.hasPlan : filter === 'low' ? isLow(r) : true));
  const planTag = (r: UnitRow) => (r.hasPlan ? r.planLate ? <Tag color="warning">{S.planMadeLate}</Tag> : <Tag color="success">{S.planMade}</Tag> : <Tag color="error">{S.planNone}</Tag>);
  const sessionsText = (r: Pick<UnitRow, 'sessionsAttended' | 'sessionsExpected' | 'sessionsLate' | 'sessionsExcused'>) => (
    <span data-testid="sessions-cell">
      {r.sessionsAttended} / {r.sessionsExpected}
      {r.sessionsLate || r.sessionsExcused ? (
        <span style={{ color: '#8c847d' }}>
          {' '}
          （{[r.sessionsLate ? S.late(r.sessionsLate) : '', r.sessionsExcused ? S.excused(r.sessionsExcused) : ''].filter(Boolean).join('，')}）
        </span>
      ) : null}
    </span>
  );
  // Sized to fit a 1440 px screen beside the missing-plans card, without a horizontal scroll.
  const columns = [
    {
      title: S.cols.name,
      key: 'name',
      width: 150,
      render: (_: unknown, r: UnitRow) => (
        <div style={{ lineHeight: 1.3 }}>
          <div style={{ fontWeight: 600 }}>{r.name}</div>
          <div style={{ color: '#8c847d', fontSize: 12 }}>{r.unitName}</div>
        </div>
      ),
    },
    { title: S.cols.plan, key: 'plan', width: 96, render: (_: unknown, r: UnitRow) => planTag(r) },
    {
      title: S.cols.books,
      key: 'books',
      width: 96,
      align: 'right' as const,
      sorter: (a: UnitRow, b: UnitRow) => a.booksFinished - b.booksFinished,
      render: (_: unknown, r: UnitRow) => <span style={{ color: r.booksMet ? '#1f7a3a' : undefined, fontWeight: r.booksMet ? 600 : 400 }} title={r.booksMet ? S.yes : S.no}>{r.booksFinished} 本</span>,
    },
    { title: S.cols.days, key: 'days', width: 100, align: 'right' as const, render: (_: unknown, r: UnitRow) => `${r.daysMet} / ${r.requiredDays}` },
    {
      title: S.cols.compliance,
      key: 'compliance',
      width: 86,
      align: 'right' as const,
      sorter: (a: UnitRow, b: UnitRow) => (a.compliance ?? -1) - (b.compliance ?? -1),
      render: (_: unknown, r: UnitRow) => <span style={{ color: isLow(r) ? '#cf1322' : undefined, fontWeight: 600 }}>{pct(r.compliance)}</span>,
    },
    { title: S.cols.minutes, dataIndex: 'minutes', key: 'minutes', width: 110, align: 'right' as const, sorter: (a: UnitRow, b: UnitRow) => a.minutes - b.minutes, render: (x: number) => fmtMinutes(x) },
    { title: S.cols.sessions, key: 'sessions', align: 'right' as const, render: (_: unknown, r: UnitRow) => sessionsText(r) },
  ];
  type UnitSum = UnitTotals & { unitId: number; unitName: string };
  const isLowShare = (c: number | null) => c !== null && c < low;
  const unitColumns = [
    { title: S.unitCols.unit, dataIndex: 'unitName', key: 'unit', width: 150, render: (x: string, u: UnitSum) => (u.unitId === 0 ? <b>{x}</b> : x) },
    { title: S.unitCols.members, dataIndex: 'members', key: 'members', width: 70, align: 'right' as const },
    { title: S.unitCols.withPlan, key: 'withPlan', width: 110, align: 'right' as const, render: (_: unknown, u: UnitSum) => <span style={{ color: u.withPlan < u.members ? '#d46b08' : undefined }}>{u.withPlan} / {u.members}</span> },
    { title: S.unitCols.booksMet, key: 'booksMet', width: 100, align: 'right' as const, render: (_: unknown, u: UnitSum) => `${u.booksMet} / ${u.members}` },
    { title: S.unitCols.compliance, key: 'compliance', width: 100, align: 'right' as const, render: (_: unknown, u: UnitSum) => <span style={{ color: isLowShare(u.compliance) ? '#cf1322' : undefined, fontWeight: 600 }}>{pct(u.compliance)}</span> },
    { title: S.unitCols.minutes, key: 'minutes', width: 110, align: 'right' as const, render: (_: unknown, u: UnitSum) => fmtMinutes(u.minutes) },
    { title: S.unitCols.avg, key: 'avg', width: 100, align: 'right' as const, render: (_: unknown, u: UnitSum) => fmtMinutes(u.members ? Math.round(u.minutes / u.members) : 0) },
    { title: S.unitCols.sessions, key: 'sessions', align: 'right' as const, render: (_: unknown, u: UnitSum) => sessionsText(u) },
  ];
  const unitData: UnitSum[] = head ? [...head.units, { ...head.totals, unitId: 0, unitName: S.total }] : [];
  const unitsLoading = fromSummary ? summary.isFetching && !s : view.isFetching && !v;

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
          value={unitId ?? v?.unit.id ?? s?.unit.id}
          onChange={(x: number) => setUnitId(x)}
          treeDefaultExpandAll
          placeholder={S.unit}
          data-testid="unit-select"
        />
        {can('study.viewUnits') && (
          <Button icon={<DownloadOutlined />} href={apiUrl('/study/units/view.xlsx', { month: m, unitId })} data-testid="export" title={S.exportHint}>
            {S.export}
          </Button>
        )}
      </Space>
      {head && (
        <Card size="small">
          <div style={{ display: 'flex', gap: phone ? '8px 20px' : 40, flexWrap: 'wrap' }} data-testid="totals">
            <Statistic title="人数" value={head.totals.members} />
            <Statistic title="已制定计划" value={head.totals.withPlan} suffix={`/ ${head.totals.members}`} />
            <Statistic title={`读书达标（≥${head.booksPerMonth}本）`} value={head.totals.booksMet} suffix={`/ ${head.totals.members}`} />
            <Statistic title={S.compliance} value={pct(head.totals.compliance)} />
            <Statistic title="集中学习出勤" value={head.totals.sessionsAttended} suffix={`/ ${head.totals.sessionsExpected}`} />
            <Statistic title="其中迟到" value={head.totals.sessionsLate} suffix="人次" />
            <Statistic title="请假" value={head.totals.sessionsExcused} suffix="人次" />
            <div style={{ alignSelf: 'flex-end', color: '#8c847d', fontSize: 13 }}>
              {S.requiredSoFar(head.requiredDaysSoFar, head.through)} · 每日 {head.target} 分钟
              {fromSummary && fresh ? ` · ${fresh.text}` : ''}
            </div>
          </div>
        </Card>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: phone ? 'minmax(0, 1fr)' : 'minmax(0, 1fr) 280px', gap: 16, alignItems: 'start' }}>
        <Card
          size="small"
          styles={phone ? { body: { padding: 8 } } : undefined}
          title={
            <Segmented
              value={by ?? 'people'}
              onChange={(x) => setBy(x as typeof by)}
              options={[
                { label: S.viewPeople, value: 'people' },
                { label: S.viewUnits, value: 'units' },
              ]}
              data-testid="study-by"
            />
          }
          extra={!phone && <span style={{ color: '#8c847d', fontSize: 12 }}>{S.exportHint}</span>}
        >
          {by !== 'units' ? (
            <>
              <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 8 }}>
                <Input.Search allowClear placeholder="按姓名查找" style={{ width: phone ? '100%' : 200 }} value={q} onChange={(e) => setQ(e.target.value)} data-testid="name-filter" />
                <Segmented size="small" value={filter} onChange={(x) => setFilter(x as typeof filter)} options={[{ label: S.filterAll, value: 'all' }, { label: S.filterNoPlan, value: 'noPlan' }, { label: S.filterLow(Math.round(low * 100)), value: 'low' }]} />
              </div>
              {phone ? (
                <div data-testid="unit-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                  {rows.length === 0 && view.data ? <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} /> : null}
                  {rows.map((r) => (
                    <div key={r.memberId} data-testid="unit-card" style={{ border: '1px solid #f0ece7', borderRadius: 8, padding: '10px 12px', background: '#fff' }}>
                      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8 }}>
                        <span style={{ fontWeight: 600, fontSize: 15 }}>{r.name}</span>
                        <span style={{ color: '#8c847d', fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{r.unitName}</span>
                      </div>
                      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 6 }}>
                        {planTag(r)}
                        <span style={{ color: isLow(r) ? '#cf1322' : '#2b2b2b', fontWeight: 600 }} data-testid="card-compliance">
                          {S.compliance} {pct(r.compliance)}
                        </span>
                      </div>
                      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '2px 12px', marginTop: 6, fontSize: 13, color: '#4a4440' }}>
                        <span>{S.daysLine(r.daysMet, r.requiredDays)}</span>
                        <span>{S.booksLine(r.booksFinished, r.booksMet)}</span>
                        <span>本月 {fmtMinutes(r.minutes)}</span>
                        <span>集中学习 {sessionsText(r)}</span>
                      </div>
                    </div>
                  ))}
                </div>
              ) : (
                <Table<UnitRow>
                  size="small"
                  rowKey="memberId"
                  loading={view.isFetching && !v}
                  columns={columns}
                  dataSource={rows}
                  tableLayout="fixed"
                  pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
                  data-testid="unit-table"
                />
              )}
            </>
          ) : (
            <>
              {fresh && (
                <div data-testid="summary-freshness" data-source={source} style={{ marginBottom: 8, fontSize: 13, color: fresh.tone === 'warning' ? '#d46b08' : '#6b635c' }}>
                  <span data-testid="summary-freshness-text" style={{ fontWeight: 600 }}>{fresh.text}</span>
                  {fresh.hint ? <span>{phone ? <br /> : '；'}{fresh.hint}</span> : null}
                </div>
              )}
              {phone ? (
                <div data-testid="unit-summary-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
                  {unitData.map((u) => (
                    <div key={u.unitId} data-testid="unit-summary-card" style={{ border: '1px solid #f0ece7', borderRadius: 8, padding: '10px 12px', background: u.unitId === 0 ? '#faf7f2' : '#fff' }}>
                      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
                        <span style={{ fontWeight: 600, fontSize: 15 }}>{u.unitName}</span>
                        <span style={{ color: isLowShare(u.compliance) ? '#cf1322' : '#2b2b2b', fontWeight: 600 }}>
                          {S.compliance} {pct(u.compliance)}
                        </span>
                      </div>
                      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: '2px 12px', marginTop: 6, fontSize: 13, color: '#4a4440' }}>
                        <span>{S.people(u.members)}</span>
                        <span>计划 {S.ofPeople(u.withPlan, u.members)}</span>
                        <span>读书达标 {S.ofPeople(u.booksMet, u.members)}</span>
                        <span>人均 {fmtMinutes(u.members ? Math.round(u.minutes / u.members) : 0)}</span>
                        <span>集中学习 {sessionsText(u)}</span>
                      </div>
                    </div>
                  ))}
                </div>
              ) : (
                <Table<UnitSum>
                  size="small"
                  rowKey="unitId"
                  loading={unitsLoading}
                  columns={unitColumns}
                  dataSource={unitData}
                  tableLayout="fixed"
                  pagination={false}
                  onRow={(u) => (u.unitId === 0 ? { style: { background: '#faf7f2', fontWeight: 600 } } : {})}
                  data-testid="unit-summary"
                />
              )}
            </>
          )}
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
