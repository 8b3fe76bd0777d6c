import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { DesktopOutlined, FileExcelOutlined, FileWordOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { apiUrl, errorMessage } from '../../../api/client';
import { useCan } from '../../../api/session';
import { toastError, toastSuccess } from '../../../components/feedback';
import {
  useDecideLeave,
  useLeaveRequests,
  useManualCheckIn,
  usePlanUnits,
  useRemoveCheckIn,
  useSaveSession,
  useSession,
  useSessionAction,
  useSessions,
  type Session,
  type SessionDetail,
  type SessionInput,
} from '../api';
import { S } from '../strings';
import { STATUS_COLOR } from './MySessionsPage';

const SESSION_COLOR: Record<string, string> = { scheduled: 'default', open: 'green', closed: 'blue', cancelled: 'red' };

function esc(s: string) {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** The paper sheet, in a window of its own, sent to the printer. */
function printSheet(d: SessionDetail) {
  const w = window.open('', '_blank');
  if (!w) return;
  const rows = d.sheet
    .map((r) => `<tr><td>${r.no}</td><td>${esc(r.name)}</td><td>${esc(r.unitName)}</td><td>${esc(r.position)}</td><td>${r.checkedAt ? dayjs(r.checkedAt).format('HH:mm') : ''}</td><td>${r.status === 'pending' ? '' : r.statusLabel}</td></tr>`)
    .join('');
  w.document.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(d.topic)}签到表</title><style>
    body{font-family:"仿宋_GB2312","FangSong","仿宋",serif;margin:18mm 16mm;color:#000}
    h1{font-family:"方正小标宋简体","SimSun","宋体",serif;font-weight:normal;font-size:22pt;text-align:center;margin:0 0 10pt}
    .meta{font-size:12pt;margin:2pt 0}
    table{border-collapse:collapse;width:100%;margin-top:8pt;font-size:12pt}
    th,td{border:1px solid #000;padding:5pt 4pt;text-align:center}
    th{font-family:"黑体","SimHei",sans-serif;font-weight:normal}
    thead{display:table-header-group} tr{page-break-inside:avoid}
    @page{size:A4;margin:0}
  </style></head><body>
  <h1>${esc(d.topic)}签到表</h1>
  <div class="meta">时间：${dayjs(d.startsAt).format('YYYY年M月D日')} ${d.start}—${d.end}&emsp;&emsp;地点：${esc(d.place)}</div>
  <div class="meta">主持人：${esc(d.host)}&emsp;&emsp;组织单位：${esc(d.unitName)}</div>
  <table><thead><tr><th style="width:8%">序号</th><th style="width:14%">姓名</th><th>单位</th><th style="width:20%">职务</th><th style="width:13%">签到时间</th><th style="width:12%">状态</th></tr></thead><tbody>${rows}</tbody></table>
  <div class="meta" style="margin-top:8pt">${S.countsLine(d.counts)}</div>
  </body></html>`);
  w.document.close();
  // Printed from here: the new window inherits the app's CSP (script-src 'self'), which
  // blocks any inline script written into it (issue 11 item 7).
  w.focus();
  w.print();
}

function SessionForm({ initial, onDone }: { initial: Session | null; onDone: () => void }) {
  const units = usePlanUnits();
  const save = useSaveSession();
  const [form] = Form.useForm<SessionInput>();
  const [err, setErr] = useState<string | null>(null);
  const options = (units.data ?? []).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }));
  const top = units.data?.[0]?.id;
  const initialValues = initial
    ? { unitId: initial.unitId, topic: initial.topic, place: initial.place, host: initial.host, date: initial.date, start: initial.start, end: initial.end, minutes: initial.minutes, unitIds: initial.units.map((u) => u.id) }
    : { unitId: top, date: dayjs().add(1, 'day').format('YYYY-MM-DD'), start: '09:00', end: '11:00', unitIds: top ? [top] : [], place: '', host: '' };
  const submit = async (v: SessionInput) => {
    setErr(null);
    try {
      await save.mutateAsync({ id: initial?.id, version: initial?.version, input: { ...v, minutes: v.minutes || undefined } });
      toastSuccess(S.saved);
      onDone();
    } catch (e) {
      setErr(errorMessage(e));
    }
  };
  if (units.isPending) return null;
  return (
    <Form form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => void submit(v)} data-testid="session-form">
      <Form.Item name="topic" label={S.topic} rules={[{ required: true, message: '请填写学习主题' }]}>
        <Input maxLength={200} />
      </Form.Item>
      <Space.Compact block>
        <Form.Item name="date" label={S.date} rules={[{ required: true }]} style={{ flex: 2 }}>
          <Input type="date" />
        </Form.Item>
        <Form.Item name="start" label={S.start} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Input type="time" />
        </Form.Item>
        <Form.Item name="end" label={S.end} rules={[{ required: true }]} style={{ flex: 1 }}>
          <Input type="time" />
        </Form.Item>
      </Space.Compact>
      <Space.Compact block>
        <Form.Item name="place" label={S.place} style={{ flex: 2 }}>
          <Input maxLength={100} placeholder="如：镇机关三楼会议室" />
        </Form.Item>
        <Form.Item name="host" label={S.host} style={{ flex: 1 }}>
          <Input maxLength={50} />
        </Form.Item>
      </Space.Compact>
      <Form.Item name="unitId" label={S.organiser} rules={[{ required: true }]}>
        <Select options={options} />
      </Form.Item>
      <Form.Item name="unitIds" label={S.attending} rules={[{ required: true, message: '请选择参加单位' }]} extra="选上级单位即包含其下属各单位">
        <Select mode="multiple" options={options} optionFilterProp="label" />
      </Form.Item>
      <Form.Item name="minutes" label={S.creditMinutes} extra={S.creditMinutesHint}>
        <InputNumber min={1} max={1440} style={{ width: 160 }} />
      </Form.Item>
      {err && <Alert type="error" showIcon title={err} style={{ marginBottom: 12 }} />}
      <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="session-save">
        {S.saved.replace('已', '')}
      </Button>
    </Form>
  );
}

function SheetPanel({ id, onEdit }: { id: number; onEdit: (s: Session) => void }) {
  const q = useSession(id);
  const act = useSessionAction();
  const manual = useManualCheckIn();
  const undo = useRemoveCheckIn();
  const [manualFor, setManualFor] = useState<{ memberId: number; name: string } | null>(null);
  const [time, setTime] = useState('');
  // Organising (open, close, edit, cancel, the screen, hand check-ins) is the manage action's;
  // readers see the sheet and its exports only.
  const manages = useCan()('sessions.manage');
  if (q.isPending) return <Card loading />;
  if (q.isError) return <Alert type="error" title={errorMessage(q.error)} />;
  const d = q.data;
  const run = (action: 'open' | 'close' | 'cancel') => act.mutate({ id, action }, { onError: toastError });
  return (
    <Card
      title={
        <div style={{ whiteSpace: 'normal', lineHeight: 1.5, padding: '8px 0' }}>
          <div style={{ fontSize: 17 }}>{d.topic}</div>
          <div style={{ fontSize: 13, color: '#6b6560', fontWeight: 'normal' }}>
            {dayjs(d.startsAt).format('YYYY年M月D日 ddd')} {d.start}—{d.end} · {d.place || '地点未定'} · {S.host}：{d.host || '—'} · {S.minutes(d.minutes)}
          </div>
          <div style={{ fontSize: 13, color: '#6b6560', fontWeight: 'normal' }}>
            {S.attending}：{d.units.map((u) => u.name).join('、')}
          </div>
        </div>
      }
      extra={<Tag color={SESSION_COLOR[d.status]}>{d.statusLabel}</Tag>}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        {manages && (d.status === 'scheduled' || d.status === 'closed') && (
          <Button type="primary" onClick={() => run('open')} data-testid="session-open">
            {S.open}
          </Button>
        )}
        {manages && d.status === 'open' && <Button onClick={() => run('close')}>{S.close}</Button>}
        {manages && (
          <Link to={`/console/sessions/${id}/screen`}>
            <Button icon={<DesktopOutlined />} data-testid="session-screen">
              {S.screen}
            </Button>
          </Link>
        )}
        {manages && d.status !== 'cancelled' && <Button onClick={() => onEdit(d)}>{S.edit}</Button>}
        <Button icon={<PrinterOutlined />} onClick={() => printSheet(d)} data-testid="sheet-print">
          {S.print}
        </Button>
        <a href={apiUrl(`/sessions/${id}/sheet.xlsx`)}>
          <Button icon={<FileExcelOutlined />}>{S.exportXlsx}</Button>
        </a>
        <a href={apiUrl(`/sessions/${id}/sheet.docx`)}>
          <Button icon={<FileWordOutlined />}>{S.exportDocx}</Button>
        </a>
        {manages && (d.status === 'scheduled' || d.status === 'open') && (
          <Popconfirm title={S.cancelConfirm} onConfirm={() => run('cancel')}>
            <Button danger>{S.cancelSession}</Button>
          </Popconfirm>
        )}
      </Space>
      <Alert type="info" title={S.countsLine(d.counts)} style={{ marginBottom: 12 }} data-testid="sheet-counts" />
      <Table
        size="small"
        rowKey="memberId"
        dataSource={d.sheet}
        pagination={false}
        data-testid="sign-in-sheet"
        columns={[
          { title: S.no, dataIndex: 'no', width: 60 },
          { title: S.name, dataIndex: 'name', width: 90 },
          { title: S.unit, dataIndex: 'unitName', width: 150 },
          { title: S.position, dataIndex: 'position', width: 130 },
          { title: S.checkTime, dataIndex: 'checkedAt', width: 90, render: (v: string | null) => (v ? dayjs(v).format('HH:mm') : '') },
          {
            title: S.status,
            dataIndex: 'statusLabel',
            width: 90,
            render: (v: string, r) => (
              <Tag color={STATUS_COLOR[r.status]}>
                {v}
                {r.method === 'manual' ? '·补签' : ''}
              </Tag>
            ),
          },
          { title: S.remark, dataIndex: 'leaveReason', width: 160, render: (v: string | null, r) => (v ? `${r.leaveStatus === 'approved' ? '' : '（请假未批准）'}${v}` : '') },
          {
            title: S.actions,
            width: 100,
            render: (_: unknown, r) =>
              !manages || d.status === 'cancelled' ? null : r.checkedAt ? (
                <Popconfirm title={S.undoConfirm} onConfirm={() => undo.mutate({ id, memberId: r.memberId }, { onError: toastError })}>
                  <Button size="small" type="link" danger>
                    {S.undo}
                  </Button>
                </Popconfirm>
              ) : (
                <Button size="small" type="link" onClick={() => (setManualFor({ memberId: r.memberId, name: r.name }), setTime(''))}>
                  {S.manual}
                </Button>
              ),
          },
        ]}
      />
      <Modal
        open={Boolean(manualFor)}
        title={`${S.manual}：${manualFor?.name ?? ''}`}
        onCancel={() => setManualFor(null)}
        confirmLoading={manual.isPending}
        onOk={() =>
          manualFor &&
          manual.mutate(
            { id, memberId: manualFor.memberId, time: time || undefined },
            {
              onSuccess: () => setManualFor(null),
              onError: toastError,
            },
          )
        }
      >
        <Input type="time" value={time} onChange={(e) => setTime(e.target.value)} aria-label={S.manualTime} />
        <div style={{ color: '#8c847d', marginTop: 6 }}>{S.manualTime}</div>
      </Modal>
    </Card>
  );
}

const LEAVE_FILTERS = [
  { value: '', label: '全部' },
  { value: 'pending', label: '待审批' },
  { value: 'approved', label: '已批准' },
  { value: 'rejected', label: '未批准' },
];

function LeavePanel() {
  const [status, setStatus] = useState('');
  const q = useLeaveRequests(status || undefined);
  const decide = useDecideLeave();
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Select value={status} onChange={setStatus} options={LEAVE_FILTERS} style={{ width: 120 }} aria-label={S.status} />
        <a href={apiUrl('/sessions/leave-requests.xlsx', { status: status || undefined })} data-testid="leave-export">
          <Button icon={<FileExcelOutlined />}>{S.exportXlsx}</Button>
        </a>
      </Space>
      <Table
        size="small"
        rowKey="id"
        loading={q.isPending}
        dataSource={q.data ?? []}
        columns={[
          { title: '集中学习', dataIndex: 'topic', render: (v: string, r) => `${dayjs(r.startsAt).format('M月D日 HH:mm')} ${v}` },
          { title: S.name, dataIndex: 'name', width: 90 },
          { title: S.unit, dataIndex: 'unitName' },
          { title: S.leaveReason, dataIndex: 'reason' },
          { title: '申请时间', dataIndex: 'requestedAt', width: 120, render: (v: string) => dayjs(v).format('M月D日 HH:mm') },
          { title: S.status, dataIndex: 'statusLabel', width: 90, render: (v: string, r) => <Tag color={r.status === 'approved' ? 'blue' : r.status === 'rejected' ? 'red' : 'gold'}>{v}</Tag> },
          {
            title: S.actions,
            width: 150,
            render: (_: unknown, r) =>
              r.status === 'pending' ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => decide.mutate({ id: r.id, approve: true }, { onError: toastError })}>
                    {S.approve}
                  </Button>
                  <Button size="small" onClick={() => decide.mutate({ id: r.id, approve: false }, { onError: toastError })}>
                    {S.reject}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
    </>
  );
}

/** 集中学习 (console): the year's sessions, each one's sign-in sheet, and leave approvals. */
export default function SessionsPage() {
  const [year, setYear] = useState(dayjs().year());
  const list = useSessions(year);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<Session | null | 'new'>(null);
  const manages = useCan()('sessions.manage');
  const leaves = useLeaveRequests('pending', manages);
  // The inbox notice of a leave request links straight to the approvals (?tab=leaves).
  const [params, setParams] = useSearchParams();
  const tab = manages && params.get('tab') === 'leaves' ? 'leaves' : 'sessions';
  const current = useMemo(() => selected ?? list.data?.find((s) => s.status === 'open')?.id ?? list.data?.find((s) => dayjs(s.endsAt).isBefore(dayjs()))?.id ?? null, [selected, list.data]);

  return (
    <div style={{ padding: 24 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0, flex: 1 }}>
          {S.sessions}
        </Typography.Title>
        <Select value={year} onChange={setYear} options={[0, 1, 2].map((i) => ({ value: dayjs().year() - 1 + i, label: `${dayjs().year() - 1 + i}年` }))} style={{ width: 110 }} />
        {manages && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="session-new">
            {S.newSession}
          </Button>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams(k === 'leaves' ? { tab: 'leaves' } : {}, { replace: true })}
        items={[
          {
            key: 'sessions',
            label: S.sessions,
            children: (
              <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
                <Card style={{ width: 420, flexShrink: 0 }} styles={{ body: { padding: 0, maxHeight: 'calc(100vh - 220px)', overflow: 'auto' } }}>
                  {list.data?.length === 0 && <Empty style={{ padding: 24 }} description={S.noSessions} />}
                  {(list.data ?? []).map((s) => (
                    <div
                      key={s.id}
                      role="button"
                      tabIndex={0}
                      data-testid="session-item"
                      onClick={() => setSelected(s.id)}
                      onKeyDown={(e) => e.key === 'Enter' && setSelected(s.id)}
                      style={{ padding: '10px 14px', borderBottom: '1px solid #f0ece7', cursor: 'pointer', background: s.id === current ? '#fbf3ea' : undefined }}
                    >
                      <div style={{ display: 'flex', gap: 8 }}>
                        <div style={{ flex: 1, fontWeight: 600 }}>{s.topic}</div>
                        <Tag color={SESSION_COLOR[s.status]}>{s.statusLabel}</Tag>
                      </div>
                      <div style={{ fontSize: 12, color: '#8c847d' }}>
                        {dayjs(s.startsAt).format('M月D日 ddd')} {s.start}—{s.end} · {S.checkedIn} {s.counts.checkedIn}/{s.counts.expected}
                        {s.counts.leave ? ` · ${S.leave} ${s.counts.leave}` : ''}
                        {s.counts.absent ? ` · ${S.absent} ${s.counts.absent}` : ''}
                      </div>
                    </div>
                  ))}
                </Card>
                <div style={{ flex: 1, minWidth: 0 }}>{current ? <SheetPanel id={current} onEdit={(s) => setEditing(s)} /> : <Empty description={S.pickSession} />}</div>
              </div>
            ),
          },
          // Leave requests are the organiser's to decide: readers do not get the tab.
          ...(manages ? [{ key: 'leaves', label: `${S.leaves}${leaves.data?.length ? `（${leaves.data.length}）` : ''}`, children: <LeavePanel /> }] : []),
        ]}
      />
      <Modal open={editing !== null} title={editing === 'new' ? S.newSession : S.editSession} footer={null} onCancel={() => setEditing(null)} destroyOnHidden width={640}>
        {editing !== null && <SessionForm initial={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Modal>
    </div>
  );
}
