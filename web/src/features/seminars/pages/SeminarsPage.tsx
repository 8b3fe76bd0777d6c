import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Card, Select, Table, Tag, Tooltip } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCan } from '../../../api/session';
import { useSeminars, useUnits, useYearPlan, type SeminarItem, type YearPlan } from '../api';
import { ScheduleModal } from '../components/ScheduleModal';
import { S } from '../strings';

const STATE_STYLE: Record<string, { bg: string; fg: string }> = {
  signed: { bg: '#9e1b1b', fg: '#fff' },
  held: { bg: '#d9534f', fg: '#fff' },
  scheduled: { bg: '#fff1e6', fg: '#ad4e00' },
  missing: { bg: '#f5f5f5', fg: '#cf1322' },
  none: { bg: '#faf8f6', fg: '#a8a09a' },
};

/** The year at a glance: twelve months, each coloured by whether its seminar was held. */
export function YearStrip({ plan, onOpen }: { plan: YearPlan; onOpen: (id: number) => void }) {
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(12, minmax(0, 1fr))', gap: 6 }} data-testid="year-strip">
      {plan.months.map((m) => {
        const st = STATE_STYLE[m.state] ?? STATE_STYLE.none;
        return (
          <Tooltip key={m.month} title={m.theme ? `${m.theme}（${m.date}）` : m.label}>
            <div
              data-testid="year-month"
              data-state={m.state}
              onClick={() => m.seminarId && onOpen(m.seminarId)}
              style={{ background: st.bg, color: st.fg, borderRadius: 8, padding: '8px 4px', textAlign: 'center', cursor: m.seminarId ? 'pointer' : 'default', border: '1px solid #ece8e3' }}
            >
              <div style={{ fontWeight: 600 }}>{m.month}月</div>
              <div style={{ fontSize: 12 }}>{m.label}</div>
            </div>
          </Tooltip>
        );
      })}
    </div>
  );
}

/** 读书研讨会 (console): the year's progress and the seminars of the reach; the clerk schedules from here. */
export default function SeminarsPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const can = useCan();
  const units = useUnits();
  const unitId = units.data?.[0]?.id;
  const plan = useYearPlan(unitId, year);
  const list = useSeminars(year);
  const columns = [
    { title: S.console.columns.month, dataIndex: 'month', width: 80, render: (m: string) => `${Number(m.slice(5))}月` },
    { title: S.console.columns.theme, dataIndex: 'theme', render: (t: string, r: SeminarItem) => <a onClick={() => void navigate(`/console/seminars/${r.id}`)} data-testid="seminar-item">{t}</a> },
    { title: S.console.columns.date, key: 'date', width: 170, render: (_: unknown, r: SeminarItem) => `${r.date} ${r.start}—${r.end}` },
    { title: S.console.columns.chair, dataIndex: 'chairName', width: 90 },
    { title: S.console.columns.speakers, key: 'sp', width: 110, render: (_: unknown, r: SeminarItem) => `${r.evaluatedCount}/${r.speakerCount} 已评` },
    { title: S.console.columns.comments, dataIndex: 'commentCount', width: 80 },
    {
      title: S.console.columns.status,
      key: 'status',
      width: 130,
      render: (_: unknown, r: SeminarItem) => (
        <>
          <Tag color={r.status === 'signed' ? 'red' : r.status === 'cancelled' ? 'default' : 'blue'}>{r.statusLabel}</Tag>
          {r.status === 'scheduled' && r.sessionStatus === 'open' && <Tag color="green">{r.sessionStatusLabel}</Tag>}
        </>
      ),
    },
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <h2 style={{ margin: 0, flex: 1 }}>{S.console.title}</h2>
        <Select value={year} onChange={setYear} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 110 }} />
        {can('seminars.schedule') && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="seminar-new">
            {S.console.schedule}
          </Button>
        )}
      </div>
      {plan.data && (
        <Card size="small" title={`${plan.data.unitName}${S.console.yearPlan}`} extra={S.console.held(plan.data.held)}>
          <YearStrip plan={plan.data} onOpen={(id) => void navigate(`/console/seminars/${id}`)} />
        </Card>
      )}
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table rowKey="id" size="middle" loading={list.isPending} dataSource={list.data ?? []} columns={columns} pagination={false} locale={{ emptyText: S.console.empty }} />
      </Card>
      <ScheduleModal
        open={open}
        onClose={(id) => {
          setOpen(false);
          if (id) void navigate(`/console/seminars/${id}`);
        }}
      />
    </div>
  );
}
