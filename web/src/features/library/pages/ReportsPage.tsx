import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Empty, Row, Select, Skeleton, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { CoverageReport, LoansReport, PopularityReport } from '../../../api/types';
import { REPORTS, reportXlsxUrl, useCoverage, useLoansReport, usePopularity, type ReportKind } from '../api';
import { EChart, type ChartOption } from '../components/EChart';
import { S } from '../strings';

const RED = '#cf1322';
const BAR = '#9e1b1b';
const MUTED = '#c9b8a6';
const MONTHS = Array.from({ length: 12 }, (_, i) => S.month(i + 1));

type CategoryRow = CoverageReport['byCategory'][number];
type ClassRow = CoverageReport['byClass'][number];

function ExportButton({ kind, year }: { kind: ReportKind; year: number }) {
  return (
    <Button icon={<DownloadOutlined />} href={reportXlsxUrl(kind, year)} data-testid={`export-${kind}`}>
      {S.exportXlsx}
    </Button>
  );
}

function Coverage({ year }: { year: number }) {
  const q = useCoverage(year);
  const r = q.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!r) return null;
    const color = (c: CategoryRow) => (c.state === 'ok' ? (c.key === '其他' ? MUTED : BAR) : RED);
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: [S.copiesSeries, S.r.loans(year)], top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: r.byCategory.map((c) => c.label), axisLabel: { color: '#4a4440', fontSize: 13 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        {
          name: S.copiesSeries,
          type: 'bar',
          barMaxWidth: 36,
          itemStyle: { color: BAR },
          data: r.byCategory.map((c) => ({ value: c.copies, itemStyle: { color: color(c) } })),
          label: { show: true, position: 'top', formatter: (p) => { const c = r.byCategory[p.dataIndex]; return c.state === 'empty' ? S.stateEmpty : c.state === 'thin' ? `${c.copies} ${S.stateThin}` : String(c.copies); }, color: '#4a4440' },
        },
        { name: S.r.loans(year), type: 'line', data: r.byCategory.map((c) => c.loans), itemStyle: { color: '#d48806' }, smooth: true },
      ],
    };
  }, [r, year]);
  if (!r || !option) return <Skeleton active paragraph={{ rows: 8 }} />;
  const catColumns: ColumnsType<CategoryRow> = [
    { title: S.r.category, dataIndex: 'label' },
    { title: S.r.titles, dataIndex: 'titles', align: 'right', width: 90 },
    { title: S.r.copies, dataIndex: 'copies', align: 'right', width: 90 },
    { title: S.r.loans(year), dataIndex: 'loans', align: 'right', width: 110 },
    { title: S.r.state, dataIndex: 'state', width: 80, render: (s: CategoryRow['state']) => (s === 'empty' ? <Tag color="red">{S.stateEmpty}</Tag> : s === 'thin' ? <Tag color="volcano">{S.stateThin}</Tag> : null) },
  ];
  const classColumns: ColumnsType<ClassRow> = [
    { title: S.byClass, dataIndex: 'label' },
    { title: S.r.titles, dataIndex: 'titles', align: 'right', width: 90 },
    { title: S.r.copies, dataIndex: 'copies', align: 'right', width: 90 },
    { title: S.r.loans(year), dataIndex: 'loans', align: 'right', width: 110 },
  ];
  const gaps = r.empty.length + r.thin.length > 0;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', gap: 12, alignItems: 'flex-start' }}>
        <div style={{ flex: 1 }} data-testid="coverage-alert">
          {gaps ? (
            <Alert
              type="error"
              showIcon
              title={S.coverageAlert}
              description={
                <>
                  {r.empty.length > 0 && <div style={{ color: RED, fontWeight: 600 }}>{S.coverageEmpty(r.empty)}</div>}
                  {r.thin.length > 0 && <div style={{ color: RED, fontWeight: 600 }}>{S.coverageThin(r.thin)}</div>}
                  <div style={{ color: '#6b6560', marginTop: 4 }}>{S.coverageHint}</div>
                </>
              }
            />
          ) : (
            <Alert type="success" showIcon title={S.coverageOk} />
          )}
        </div>
        <ExportButton kind="coverage" year={year} />
      </div>
      <Card size="small" title={S.byCategory}>
        <EChart option={option} height={340} testId="coverage-chart" />
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={11}>
          <Table<CategoryRow> data-testid="coverage-table" rowKey="key" size="small" columns={catColumns} dataSource={r.byCategory} pagination={false} rowClassName={(c) => (c.state !== 'ok' ? 'sx-row-warn' : '')} onRow={(c) => ({ style: c.state !== 'ok' ? { background: '#fff1f0' } : undefined })} />
        </Col>
        <Col xs={24} xl={13}>
          <Table<ClassRow>
            rowKey="key"
            size="small"
            columns={classColumns}
            dataSource={[...r.byClass.filter((c) => c.copies > 0 || c.loans > 0), ...(r.unclassified.copies > 0 ? [{ key: '-', label: S.unclassified, ...r.unclassified }] : [])]}
            pagination={false}
            scroll={{ y: 420 }}
          />
        </Col>
      </Row>
    </Space>
  );
}

type MostRow = PopularityReport['most'][number];
type NeverRow = PopularityReport['never'][number];

function Popularity({ year }: { year: number }) {
  const q = usePopularity(year);
  const r = q.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!r) return null;
    const top = r.most.slice(0, 10).reverse();
    return {
      tooltip: { trigger: 'axis' },
      grid: { left: 220, right: 40, top: 10, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: top.map((b) => (b.title.length > 16 ? `${b.title.slice(0, 16)}…` : b.title)) },
      series: [{ name: S.r.times, type: 'bar', data: top.map((b) => b.loans), itemStyle: { color: BAR }, barMaxWidth: 22, label: { show: true, position: 'right' } }],
    };
  }, [r]);
  if (!r || !option) return <Skeleton active paragraph={{ rows: 8 }} />;
  const mostCols: ColumnsType<MostRow> = [
    { title: '#', key: 'n', width: 48, render: (_, __, i) => i + 1 },
    { title: S.r.title, dataIndex: 'title' },
    { title: S.r.authors, dataIndex: 'authors', width: 160, ellipsis: true },
    { title: S.r.category, dataIndex: 'category', width: 90 },
    { title: S.r.times, dataIndex: 'loans', width: 90, align: 'right' },
  ];
  const neverCols: ColumnsType<NeverRow> = [
    { title: S.r.title, dataIndex: 'title' },
    { title: S.r.authors, dataIndex: 'authors', width: 160, ellipsis: true },
    { title: S.r.category, dataIndex: 'category', width: 90 },
    { title: S.r.copies, dataIndex: 'copies', width: 70, align: 'right' },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <ExportButton kind="popularity" year={year} />
      </div>
      <Card size="small" title={S.mostBorrowed}>
        {r.most.length ? <EChart option={option} height={Math.max(160, Math.min(10, r.most.length) * 34 + 40)} testId="popularity-chart" /> : <Empty description={S.noLoansYet} />}
      </Card>
      <Row gutter={16}>
        <Col xs={24} xl={12}>
          <Card size="small" title={S.mostBorrowed}>
            <Table<MostRow> rowKey="id" size="small" columns={mostCols} dataSource={r.most} pagination={false} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={`${S.neverBorrowed}（${r.never.length}）`}>
            <Table<NeverRow> rowKey="id" size="small" columns={neverCols} dataSource={r.never} pagination={{ pageSize: 15, hideOnSinglePage: true, showSizeChanger: false }} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}

type UnitRow = LoansReport['units'][number];
type MemberRow = LoansReport['members'][number];

function Loans({ year }: { year: number }) {
  const q = useLoansReport(year);
  const r = q.data;
  const option = useMemo<ChartOption | null>(() => {
    if (!r) return null;
    // The months still to come this year are left blank, not drawn as zero.
    const last = year === dayjs().year() ? dayjs().month() : 11;
    const totals = MONTHS.map((_, m) => (m > last ? null : r.units.reduce((n, u) => n + u.months[m], 0)));
    const top = r.units.slice(0, 6);
    const palette = ['#9e1b1b', '#d48806', '#1f7a3a', '#2f54eb', '#722ed1', '#08979c'];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 24, top: 40, bottom: 28 },
      xAxis: { type: 'category', data: MONTHS },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...top.map((u, i) => ({ name: u.unitName, type: 'bar' as const, stack: 'units', data: u.months, itemStyle: { color: palette[i % palette.length] }, barMaxWidth: 36 })),
        { name: S.r.total, type: 'line' as const, data: totals, itemStyle: { color: '#4a4440' }, lineStyle: { type: 'dashed' as const } },
      ],
    };
  }, [r, year]);
  if (!r || !option) return <Skeleton active paragraph={{ rows: 8 }} />;
  const monthCols = MONTHS.map((label, m) => ({ title: label, key: `m${m}`, width: 52, align: 'right' as const, render: (_: unknown, row: { months: number[] }) => row.months[m] || '' }));
  const unitCols: ColumnsType<UnitRow> = [{ title: S.r.unit, dataIndex: 'unitName', width: 160, fixed: 'left' }, ...monthCols, { title: S.r.total, dataIndex: 'total', width: 64, align: 'right', render: (n: number) => <b>{n}</b> }];
  const memberCols: ColumnsType<MemberRow> = [
    { title: S.r.name, dataIndex: 'name', width: 90, fixed: 'left' },
    { title: S.r.unit, dataIndex: 'unitName', width: 150 },
    ...monthCols,
    { title: S.r.total, dataIndex: 'total', width: 64, align: 'right', render: (n: number) => <b>{n}</b> },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <ExportButton kind="loans" year={year} />
      </div>
      <Card size="small" title={S.tabLoans}>
        {r.units.length ? <EChart option={option} height={320} testId="loans-chart" /> : <Empty description={S.noLoansYet} />}
      </Card>
      <Card size="small" title={S.byUnit}>
        <Table<UnitRow> rowKey="unitId" size="small" columns={unitCols} dataSource={r.units} pagination={false} scroll={{ x: 900 }} />
      </Card>
      <Card size="small" title={S.byMember}>
        <Table<MemberRow> rowKey="memberId" size="small" columns={memberCols} dataSource={r.members} pagination={{ pageSize: 20, hideOnSinglePage: true }} scroll={{ x: 1000 }} />
      </Card>
    </Space>
  );
}

/** 馆藏报表: category coverage, most/never borrowed, loans by month — each a chart, a table and an .xlsx. */
export default function ReportsPage() {
  const [params, setParams] = useSearchParams();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const tab = (REPORTS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as ReportKind) : 'coverage';
  return (
    <div>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 8 }} wrap>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {S.reportsTitle}
        </Typography.Title>
        <Select aria-label="年度" value={year} onChange={setYear} style={{ width: 110 }} options={Array.from({ length: 5 }, (_, i) => ({ value: thisYear - i, label: S.year(thisYear - i) }))} data-testid="report-year" />
      </Space>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'coverage' ? {} : { tab: k }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'coverage', label: S.tabCoverage, children: <Coverage year={year} /> },
            { key: 'popularity', label: S.tabPopularity, children: <Popularity year={year} /> },
            { key: 'loans', label: S.tabLoans, children: <Loans year={year} /> },
          ]}
        />
      </Card>
    </div>
  );
}
