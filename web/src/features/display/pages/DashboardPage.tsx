import { useMemo, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, PictureOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { DashboardView } from '../../../../../server/src/modules/display/dashboards/schemas';
import { api, apiUrl } from '../../../api/client';
import { buildUnitTree, useUnits } from '../../../api/units';
import { DashChart, type DashChartHandle, type DashOption } from '../components/DashChart';

type Dash = DashboardView;
const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
const pctText = (v: number | null) => (v === null ? '—' : `${pct(v)}%`);
const RED = '#9e1b1b';
const COLORS = [RED, '#d48806', '#1d6fa5', '#389e0d', '#8c8c8c'];

function ChartCard({ title, chart, unitId, option, height, extra, children, testId }: { title: string; chart: string; unitId?: number; option: DashOption; height?: number; extra?: ReactNode; children?: ReactNode; testId: string }) {
  const ref = useRef<DashChartHandle>(null);
  const save = () => {
    const url = ref.current?.image();
    if (!url) return;
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title}.png`;
    a.click();
  };
  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      extra={
        <Space size={0}>
          {extra}
          <Button type="link" size="small" icon={<PictureOutlined />} onClick={save} data-testid={`${testId}-image`}>
            保存图片
          </Button>
          <Button type="link" size="small" icon={<DownloadOutlined />} href={apiUrl('/display/dashboard/export', { chart, unitId })} data-testid={`${testId}-xlsx`}>
            导出数据
          </Button>
        </Space>
      }
    >
      <DashChart ref={ref} option={option} height={height} testId={`${testId}-chart`} />
      {children}
    </Card>
  );
}

const grid = { left: 48, right: 16, top: 40, bottom: 28, containLabel: true };

function options(d: Dash) {
  const months = d.trend.map((t) => `${Number(t.month.slice(5))}月`);
  const trend: DashOption = {
    color: COLORS,
    tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${String(v)}%`) },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: months },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: '参学率', type: 'line', data: d.trend.map((t) => pct(t.participation)), smooth: true },
      { name: '每日达标率', type: 'line', data: d.trend.map((t) => pct(t.compliance)), smooth: true },
      { name: '读书达标率', type: 'line', data: d.trend.map((t) => pct(t.booksMet)), smooth: true },
      { name: '集中学习出勤率', type: 'line', data: d.trend.map((t) => pct(t.attendance)), smooth: true },
    ],
  };
  const tiers: DashOption = {
    color: COLORS,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: ['每日达标率', '读书达标率', '集中学习出勤率'] },
    yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    series: d.tiers.map((t) => ({ name: `${t.label}（${t.members}人）`, type: 'bar' as const, data: [pct(t.compliance), pct(t.booksMet), pct(t.attendance)] })),
  };
  const ranked = [...d.units].sort((a, b) => (a.compliance ?? -1) - (b.compliance ?? -1));
  const units: DashOption = {
    color: [RED],
    tooltip: { trigger: 'axis' },
    grid: { ...grid, left: 8 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: ranked.map((u) => u.unitName) },
    series: [{ name: '每日达标率', type: 'bar', data: ranked.map((u) => pct(u.compliance)), label: { show: true, position: 'right', formatter: '{c}%' } }],
  };
  const coverage: DashOption = {
    color: [RED, '#d48806'],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.coverage.map((c) => c.category) },
    yAxis: { type: 'value' },
    series: [
      { name: '册数', type: 'bar', data: d.coverage.map((c) => c.copies) },
      { name: '本年借阅', type: 'bar', data: d.coverage.map((c) => c.loans) },
    ],
  };
  const quota: DashOption = {
    color: ['#d9d9d9', RED],
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid,
    xAxis: { type: 'category', data: d.quota.map((q) => `${Number(q.month.slice(5))}月`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '单位数', type: 'bar', data: d.quota.map((q) => q.units), barGap: '-100%' },
      { name: '完成心得上报的单位', type: 'bar', data: d.quota.map((q) => q.met) },
    ],
  };
  return { trend, tiers, units, coverage, quota, unitsHeight: Math.max(240, ranked.length * 26 + 60) };
}

function UnitTable({ rows, testId }: { rows: Dash['top']; testId: string }) {
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={rows}
      data-testid={testId}
      columns={[
        { title: '单位', dataIndex: 'unitName' },
        { title: '人数', dataIndex: 'members', width: 60 },
        { title: '每日达标率', dataIndex: 'compliance', width: 100, render: pctText },
        { title: '人均分钟', dataIndex: 'avgMinutes', width: 90 },
      ]}
    />
  );
}

/** Leaders' dashboards (secretary, leader, inspector, clerk): the town or one unit, month by month. */
export default function DashboardPage() {
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const q = useQuery({ queryKey: ['display', 'dashboard', unitId ?? null], queryFn: () => api.get<Dash>('/display/dashboard', { unitId }) });
  const d = q.data;
  const o = useMemo(() => (d ? options(d) : null), [d]);
  const leaders = d?.tiers[0];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            领导看板
          </Typography.Title>
          <TreeSelect style={{ width: 240 }} treeData={tree} value={unitId ?? d?.unit.id} onChange={setUnitId} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label="单位" data-testid="dash-unit" />
          {d && <Typography.Text type="secondary">截至 {d.month}，按月统计</Typography.Text>}
        </Space>
      </Card>
      {q.isLoading && <Skeleton active />}
      {q.error && <Alert type="error" title={(q.error as Error).message} />}
      {d && o && (
        <>
          {d.leadersAhead !== null && leaders && (
            <Alert
              data-testid="dash-leaders"
              type={d.leadersAhead ? 'success' : 'warning'}
              showIcon
              title={
                d.leadersAhead
                  ? `本月领导干部走在前列：人均学习 ${leaders.avgMinutes} 分钟，每日达标率 ${pctText(leaders.compliance)}，均不低于党员和普通职工。`
                  : `本月领导干部尚未走在前列：人均学习 ${leaders.avgMinutes} 分钟，每日达标率 ${pctText(leaders.compliance)}（方案 三.1 要求领导干部带头学）。`
              }
            />
          )}
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <ChartCard title="参学与达标趋势" chart="trend" unitId={unitId} option={o.trend} testId="dash-trend" />
            </Col>
            <Col xs={24} xl={10}>
              <ChartCard title="三类人员对比（本月）" chart="tiers" unitId={unitId} option={o.tiers} testId="dash-tiers">
                <Space wrap style={{ marginTop: 8 }}>
                  {d.tiers.map((t) => (
                    <Tag key={t.tier} color={t.tier === 'leader' ? 'red' : undefined}>
                      {t.label} 人均 {t.avgMinutes} 分钟
                    </Tag>
                  ))}
                </Space>
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title="各单位每日达标率（本月）" chart="units" unitId={unitId} option={o.units} height={o.unitsHeight} testId="dash-units" />
            </Col>
            <Col xs={24} xl={12}>
              <Card size="small" title="前列与后列单位（本月）" data-testid="dash-topbottom">
                {d.units.length === 0 ? (
                  <Empty />
                ) : (
                  <Space orientation="vertical" style={{ width: '100%' }}>
                    <Typography.Text strong>前列</Typography.Text>
                    <UnitTable rows={d.top} testId="dash-top" />
                    {d.bottom.length > 0 && (
                      <>
                        <Typography.Text strong>后列</Typography.Text>
                        <UnitTable rows={d.bottom} testId="dash-bottom" />
                      </>
                    )}
                  </Space>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title="图书室藏书门类覆盖" chart="coverage" unitId={unitId} option={o.coverage} testId="dash-coverage">
                {d.coverage.some((c) => c.state !== 'ok') && (
                  <Typography.Text type="warning">
                    空缺或偏少：
                    {d.coverage
                      .filter((c) => c.state !== 'ok')
                      .map((c) => c.category)
                      .join('、')}
                  </Typography.Text>
                )}
              </ChartCard>
            </Col>
            <Col xs={24} xl={12}>
              <ChartCard title="每月心得上报完成情况" chart="quota" unitId={unitId} option={o.quota} testId="dash-quota" />
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
