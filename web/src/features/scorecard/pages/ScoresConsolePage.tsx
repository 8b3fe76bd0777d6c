import { useMemo, useState } from 'react';
import { Alert, Button, Card, Drawer, InputNumber, Select, Skeleton, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined } from '@ant-design/icons';
import { memberRecordUrl } from '../../archive/api';
import { S as AS } from '../../archive/strings';
import dayjs from 'dayjs';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { scoresXlsxUrl, useBreakdown, useSaveWeights, useUnitScores, useWeights, type UnitScores, type Weights } from '../api';
import { BreakdownView } from '../components/BreakdownView';
import { S } from '../strings';

type Row = UnitScores['rows'][number];
type Setup = Weights['indicators'][number];

function ScoresTab({ year }: { year: number }) {
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [member, setMember] = useState<number | null>(null);
  const data = useUnitScores(year, unitId);
  const detail = useBreakdown(year, member);
  const setups = (data.data?.setups ?? []).filter((s) => s.included);
  const columns: ColumnsType<Row> = [
    { title: S.col.townRank, dataIndex: 'townRank', width: 80, align: 'center' },
    { title: S.col.unitRank, dataIndex: 'unitRank', width: 80, align: 'center' },
    { title: S.col.name, dataIndex: 'name', width: 90 },
    { title: S.col.unit, dataIndex: 'unitName', width: 150, ellipsis: true },
    ...setups.map((s) => ({
      title: (
        <span>
          {s.name}
          <div style={{ fontSize: 11, color: '#8c847d', fontWeight: 400 }}>{s.kind === 'deduction' ? `${S.capDeduction} ${s.cap}` : `${S.weight} ${s.weight}`}</div>
        </span>
      ),
      key: s.key,
      width: 110,
      align: 'right' as const,
      render: (_: unknown, r: Row) => {
        const i = r.indicators.find((x) => x.key === s.key);
        return i?.value == null && s.kind === 'weighted' ? <span style={{ color: '#bbb' }}>—</span> : i?.points;
      },
    })),
    { title: S.col.total, dataIndex: 'total', width: 90, align: 'right', render: (v: number) => <b>{v}</b> },
    { title: '', key: 'op', width: 70, render: (_, r) => <a onClick={() => setMember(r.memberId)}>{S.detail}</a> },
  ];
  const d = data.data;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <TreeSelect style={{ width: 260 }} treeData={tree} value={unitId ?? d?.unit.id} onChange={(v) => setUnitId(v)} treeDefaultExpandAll placeholder={S.unit} data-testid="scores-unit" />
        <Button icon={<DownloadOutlined />} href={scoresXlsxUrl(year, unitId)} data-testid="scores-export">
          {S.export}
        </Button>
        {d && <Typography.Text type="secondary">{S.asOf(d.asOf)}</Typography.Text>}
      </Space>
      {d && d.countedWeight !== 100 && (
        <Alert
          type="info"
          showIcon
          message={S.renormalised(d.countedWeight)}
          description={d.setups
            .filter((s) => !s.included)
            .map((s) => `${s.name}：${s.dropped}`)
            .join('；')}
        />
      )}
      <Table<Row> rowKey="memberId" size="small" columns={columns} dataSource={d?.rows ?? []} loading={data.isFetching} scroll={{ x: 900 }} pagination={{ pageSize: 50, showSizeChanger: false }} />
      {d && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {S.tieRule}：{d.tieRule}
        </Typography.Paragraph>
      )}
      <Drawer
        open={member != null}
        onClose={() => setMember(null)}
        width={520}
        title={detail.data ? `${detail.data.member.name} · ${S.year(year)}` : S.detail}
        extra={member != null && <Button size="small" icon={<DownloadOutlined />} href={memberRecordUrl(year, member)}>{AS.memberRecord}</Button>}
        destroyOnHidden
      >
        {detail.isLoading ? <Skeleton active /> : detail.data ? <BreakdownView data={detail.data} asConsole /> : null}
      </Drawer>
    </Space>
  );
}

function WeightsTab({ year }: { year: number }) {
  const q = useWeights(year);
  if (!q.data) return <Skeleton active />;
  return <WeightsEditor key={`${year}:${q.dataUpdatedAt}`} year={year} data={q.data} />;
}

function WeightsEditor({ year, data }: { year: number; data: Weights }) {
  const can = useCan();
  const editable = can('scorecard.setWeights');
  const save = useSaveWeights(year);
  const [draft, setDraft] = useState<Setup[]>(data.indicators);
  const sum = draft.filter((s) => s.kind === 'weighted').reduce((a, s) => a + (s.weight || 0), 0);
  const set = (key: string, patch: Partial<Setup>) => setDraft((d) => d.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  const columns: ColumnsType<Setup> = [
    { title: '指标', dataIndex: 'name', width: 130 },
    {
      title: S.weight,
      key: 'weight',
      width: 100,
      render: (_, s) => (s.kind === 'deduction' ? <Tag color="orange">{S.deduction}</Tag> : editable ? <InputNumber min={0} max={100} value={s.weight} onChange={(v) => set(s.key, { weight: v ?? 0 })} aria-label={`${s.name}${S.weight}`} /> : s.weight),
    },
    {
      title: S.target,
      key: 'target',
      width: 130,
      render: (_, s) => (editable ? <InputNumber min={1} max={10000} value={s.target} onChange={(v) => set(s.key, { target: v ?? 1 })} addonAfter={s.kind === 'deduction' ? S.perFinding : s.valueUnit || undefined} /> : `${s.target} ${s.valueUnit}`),
    },
    {
      title: S.cap,
      key: 'cap',
      width: 110,
      render: (_, s) => (editable ? <InputNumber min={0} max={s.kind === 'deduction' ? 100 : 200} value={s.cap} onChange={(v) => set(s.key, { cap: v ?? 0 })} /> : s.cap),
    },
    { title: S.formula, dataIndex: 'formula', render: (f: string) => <span style={{ fontSize: 12 }}>{f || '—'}</span> },
    { title: S.status, key: 'status', width: 200, render: (_, s) => (s.included ? <Tag color="green">{S.counted}</Tag> : <span style={{ fontSize: 12, color: '#8c847d' }}>{s.dropped}</span>) },
  ];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Alert type="info" showIcon message={S.weightsHelp} description={data.renormalise ? S.renormaliseOn : S.renormaliseOff} />
      <Table<Setup> rowKey="key" size="small" columns={columns} dataSource={draft} pagination={false} scroll={{ x: 1000 }} />
      {editable && (
        <Space>
          <Typography.Text type={sum === 100 ? 'success' : 'warning'} data-testid="weights-sum">
            {S.sum(sum)}
          </Typography.Text>
          <Button
            type="primary"
            loading={save.isPending}
            onClick={() =>
              save
                .mutateAsync({ indicators: draft.map((s) => ({ key: s.key, weight: s.weight, target: s.target, cap: s.cap })) })
                .then((r) => toastSuccess(r.warning ?? S.saved))
                .catch(toastError)
            }
          >
            {S.save}
          </Button>
        </Space>
      )}
    </Space>
  );
}

/** The office's view: everyone's year score in a unit, ranked, with the breakdown and the weights. */
export default function ScoresConsolePage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  return (
    <Card
      title={S.consoleTitle}
      extra={<Select value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: S.year(y) }))} style={{ width: 120 }} />}
    >
      <Tabs
        items={[
          { key: 'scores', label: S.tabScores, children: <ScoresTab year={year} /> },
          { key: 'weights', label: S.tabWeights, children: <WeightsTab year={year} /> },
        ]}
      />
    </Card>
  );
}
