import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Drawer, Form, Input, Modal, Rate, Select, Space, Table, Tabs, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useCan } from '../../../api/session';
import { toastSuccess } from '../../../components/feedback';
import { useCandidates, useDirectLecture, useLecture, useLectureAction, useLectureReport, useLectures, useRejectLecture, useScheduleLecture, useUnits, type LectureItem, type LectureReport } from '../api';
import { Feedback, LectureFiles } from './LecturePage';
import { S } from '../strings';

interface SlotValues {
  date: string;
  start: string;
  end: string;
  place: string;
  unitIds: number[];
  memberId?: number;
  topic?: string;
  outline?: string;
}

function SlotModal({ target, onClose }: { target: LectureItem | 'direct' | null; onClose: () => void }) {
  const [form] = Form.useForm<SlotValues>();
  const units = useUnits();
  const schedule = useScheduleLecture();
  const direct = useDirectLecture();
  const cand = useCandidates(target === 'direct' ? units.data?.[0]?.id : undefined);
  const unitOptions = (units.data ?? []).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }));
  useEffect(() => {
    if (target !== null && units.data?.length && !form.getFieldValue('unitIds')?.length) form.setFieldsValue({ unitIds: [units.data[0].id] });
  }, [target, units.data, form]);
  const done = () => {
    form.resetFields();
    toastSuccess('党课已安排');
    onClose();
  };
  return (
    <Modal
      open={target !== null}
      width={600}
      title={target === 'direct' ? S.lectures.direct : `${S.lectures.approve}：${target?.topic ?? ''}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ loading: schedule.isPending || direct.isPending, 'data-testid': 'lecture-slot-save' }}
      destroyOnHidden
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => {
          const slot = { date: v.date, start: v.start, end: v.end, place: v.place ?? '', unitIds: v.unitIds };
          if (target === 'direct') direct.mutate({ ...slot, memberId: v.memberId!, topic: v.topic ?? '', outline: v.outline ?? '' }, { onSuccess: done });
          else if (target) schedule.mutate({ id: target.id, ...slot }, { onSuccess: done });
        }}
      >
        {target === 'direct' && (
          <>
            <Form.Item name="memberId" label={S.lectures.member} rules={[{ required: true, message: '请选择讲课人' }]}>
              <Select showSearch={{ optionFilterProp: 'label' }} options={(cand.data?.members ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.unitName}）` }))} />
            </Form.Item>
            <Form.Item name="topic" label={S.lecture.topic} rules={[{ required: true, whitespace: true, message: '请填写党课题目' }]}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="outline" label={S.lecture.outline}>
              <Input.TextArea autoSize={{ minRows: 2 }} maxLength={5000} />
            </Form.Item>
          </>
        )}
        <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr 1fr', gap: 12 }}>
          <Form.Item name="date" label={S.console.date} rules={[{ required: true, message: '请选择日期' }]}>
            <Input type="date" data-testid="lecture-date" />
          </Form.Item>
          <Form.Item name="start" label={S.console.start} rules={[{ required: true, message: '请填写开始时间' }]}>
            <Input type="time" data-testid="lecture-start" />
          </Form.Item>
          <Form.Item name="end" label={S.console.end} rules={[{ required: true, message: '请填写结束时间' }]}>
            <Input type="time" data-testid="lecture-end" />
          </Form.Item>
        </div>
        <Form.Item name="place" label={S.console.place}>
          <Input maxLength={100} data-testid="lecture-place" />
        </Form.Item>
        <Form.Item name="unitIds" label={S.console.units} rules={[{ required: true, message: '请选择参加单位' }]}>
          <Select mode="multiple" options={unitOptions} optionFilterProp="label" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function LectureDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const q = useLecture(id ?? 0);
  const d = id ? q.data : undefined;
  return (
    <Drawer open={id !== null} width={560} title={d?.topic} onClose={onClose}>
      {d && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <div>
            {S.lecture.lecturer}：{d.lecturerName}（{d.unitName}）{d.date ? ` · ${d.date} ${d.start}—${d.end}` : ''}
          </div>
          {d.counts && <div>{S.console.counts({ ...d.counts, leave: 0 }).replace(' · 请假 0', '')}</div>}
          {d.outline && <div style={{ whiteSpace: 'pre-wrap' }}>{d.outline}</div>}
          <LectureFiles d={d} />
          <Feedback d={d} />
        </Space>
      )}
    </Drawer>
  );
}

function ReportTable({ r, names }: { r: LectureReport; names: boolean }) {
  return (
    <Table
      rowKey="unitId"
      size="small"
      pagination={false}
      dataSource={r.units}
      title={() => S.lectures.total(r.total)}
      columns={[
        { title: S.lectures.reportColumns.unit, dataIndex: 'unitName', width: 160 },
        { title: S.lectures.reportColumns.members, dataIndex: 'members', width: 80 },
        { title: S.lectures.reportColumns.held, dataIndex: 'held', width: 110 },
        ...(names
          ? [
              { title: S.lectures.reportColumns.lecturers, dataIndex: 'lecturers', render: (v: string[]) => v.join('、') },
              { title: S.lectures.reportColumns.never, dataIndex: 'never', render: (v: string[]) => <span style={{ color: '#8c847d' }}>{v.join('、')}</span> },
            ]
          : []),
      ]}
    />
  );
}

/** 党课 (console): proposals to approve and schedule, the year's lectures with their ratings, who has lectured. */
export default function LecturesPage() {
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const can = useCan();
  const list = useLectures(year);
  const report = useLectureReport(year);
  const act = useLectureAction();
  const reject = useRejectLecture();
  const [slot, setSlot] = useState<LectureItem | 'direct' | null>(null);
  const [view, setView] = useState<number | null>(null);
  const [rejecting, setRejecting] = useState<LectureItem | null>(null);
  const [note, setNote] = useState('');
  const schedules = can('lectures.schedule');
  const pending = (list.data ?? []).filter((l) => l.status === 'proposed');
  const scheduled = (list.data ?? []).filter((l) => l.status !== 'proposed');
  const base = [
    { title: S.lectures.columns.topic, dataIndex: 'topic', render: (t: string, r: LectureItem) => <a onClick={() => setView(r.id)} data-testid="lecture-item">{t}</a> },
    { title: S.lectures.columns.lecturer, dataIndex: 'lecturerName', width: 90 },
    { title: S.lectures.columns.unit, dataIndex: 'unitName', width: 140 },
  ];
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12 }}>
        <h2 style={{ margin: 0, flex: 1 }}>{S.lectures.title}</h2>
        <Select value={year} onChange={setYear} options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))} style={{ width: 110 }} />
        {schedules && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setSlot('direct')}>
            {S.lectures.direct}
          </Button>
        )}
      </div>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'all',
              label: S.lectures.all,
              children: (
                <Table
                  rowKey="id"
                  size="middle"
                  loading={list.isPending}
                  dataSource={scheduled}
                  pagination={{ pageSize: 20, hideOnSinglePage: true }}
                  locale={{ emptyText: S.lectures.empty }}
                  columns={[
                    ...base,
                    { title: S.lectures.columns.date, key: 'date', width: 170, render: (_: unknown, r: LectureItem) => (r.date ? `${r.date} ${r.start}—${r.end}` : '—') },
                    { title: S.lectures.columns.average, key: 'avg', width: 170, render: (_: unknown, r: LectureItem) => (r.average != null ? <span><Rate disabled allowHalf value={r.average} style={{ fontSize: 12 }} /> {r.average.toFixed(1)}（{r.ratings}）</span> : '—') },
                    {
                      title: S.lectures.columns.status,
                      key: 'st',
                      width: 280,
                      render: (_: unknown, r: LectureItem) => (
                        <Space size={4}>
                          <Tag color={r.held ? 'green' : r.status === 'rejected' ? 'red' : 'blue'}>{r.statusLabel}</Tag>
                          {schedules && r.status === 'scheduled' && !r.held && r.sessionStatus !== 'open' && r.sessionStatus !== 'cancelled' && (
                            <Button size="small" onClick={() => act.mutate({ id: r.id, action: 'open' })} data-testid="lecture-open">
                              {S.console.open}
                            </Button>
                          )}
                          {schedules && r.sessionStatus === 'open' && (
                            <>
                              <Link to={`/console/sessions/${r.sessionId}/screen`} data-testid="lecture-screen">
                                <Button size="small">{S.console.live}</Button>
                              </Link>
                              <Button size="small" onClick={() => act.mutate({ id: r.id, action: 'close' })}>
                                {S.console.close}
                              </Button>
                            </>
                          )}
                        </Space>
                      ),
                    },
                  ]}
                />
              ),
            },
            {
              key: 'pending',
              label: `${S.lectures.pending}（${pending.length}）`,
              children: (
                <Table
                  rowKey="id"
                  size="middle"
                  dataSource={pending}
                  pagination={false}
                  columns={[
                    ...base,
                    { title: S.lecture.outline, dataIndex: 'outline', render: (v: string) => <div style={{ whiteSpace: 'pre-wrap', maxHeight: 80, overflow: 'hidden' }}>{v}</div> },
                    ...(schedules
                      ? [
                          {
                            title: '',
                            key: 'ops',
                            width: 180,
                            render: (_: unknown, r: LectureItem) => (
                              <Space>
                                <Button size="small" type="primary" onClick={() => setSlot(r)} data-testid="lecture-approve">
                                  {S.lectures.approve}
                                </Button>
                                <Button size="small" danger onClick={() => setRejecting(r)}>
                                  {S.lectures.reject}
                                </Button>
                              </Space>
                            ),
                          },
                        ]
                      : []),
                  ]}
                />
              ),
            },
            { key: 'report', label: S.lectures.report, children: report.data ? <ReportTable r={report.data} names={schedules} /> : null },
          ]}
        />
      </Card>
      <SlotModal target={slot} onClose={() => setSlot(null)} />
      <LectureDrawer id={view} onClose={() => setView(null)} />
      <Modal
        open={rejecting !== null}
        title={`${S.lectures.reject}：${rejecting?.topic ?? ''}`}
        onCancel={() => setRejecting(null)}
        okButtonProps={{ disabled: !note.trim(), loading: reject.isPending }}
        onOk={() =>
          rejecting &&
          reject.mutate(
            { id: rejecting.id, note },
            {
              onSuccess: () => {
                setRejecting(null);
                setNote('');
              },
            },
          )
        }
      >
        <Input.TextArea value={note} onChange={(e) => setNote(e.target.value)} placeholder={S.lectures.rejectNote} maxLength={500} autoSize={{ minRows: 2 }} />
      </Modal>
    </div>
  );
}
