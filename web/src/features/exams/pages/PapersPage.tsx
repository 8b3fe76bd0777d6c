import { useState } from 'react';
import { Button, Card, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { can, useSignedIn } from '../../../api/session';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useCategories, useCreatePaper, usePapers, usePublishPaper, type Paper, type PaperInput } from '../api';
import { S } from '../strings';

type SectionRow = { categoryId?: number; qtype?: string; count: number; points: number };

function PaperForm({ onClose }: { onClose: () => void }) {
  const me = useSignedIn();
  const cats = useCategories();
  const create = useCreatePaper();
  const [form] = Form.useForm();
  const [sections, setSections] = useState<SectionRow[]>([{ count: 10, points: 2, qtype: 'single' }]);
  const town = me.roles.find((r) => r.role === 'clerk');
  const save = async () => {
    const v = (await form.validateFields()) as { title: string; quarter: string; window: [Dayjs, Dayjs]; timeLimitMinutes: number; maxAttempts: number; gradingMethod: string; shuffleQuestions: boolean; shuffleOptions: boolean };
    const body: PaperInput = {
      title: v.title,
      description: '',
      quarter: v.quarter,
      opensAt: v.window[0].toISOString(),
      closesAt: v.window[1].toISOString(),
      timeLimitMinutes: v.timeLimitMinutes,
      maxAttempts: v.maxAttempts,
      gradingMethod: v.gradingMethod as PaperInput['gradingMethod'],
      shuffleQuestions: v.shuffleQuestions,
      shuffleOptions: v.shuffleOptions,
      reviewAfterSubmit: { score: true, correctness: true, key: false, explanation: false },
      reviewAfterClose: { score: true, correctness: true, key: true, explanation: true },
      unitIds: town ? [town.unitId] : [],
      sections: sections.map((s) => ({ kind: 'random', categoryId: s.categoryId ?? null, qtype: (s.qtype ?? null) as PaperInput['sections'][number]['qtype'], count: s.count, points: s.points })),
    };
    await create.mutateAsync(body).then(() => (toastSuccess(S.paperForm.save), onClose()), toastError);
  };
  const q = Math.floor(dayjs().month() / 3) + 1;
  return (
    <Modal open title={S.newPaper} onCancel={onClose} onOk={save} okText={S.paperForm.save} confirmLoading={create.isPending} width={720}>
      <Form form={form} layout="vertical" initialValues={{ quarter: `${dayjs().year()}Q${q}`, timeLimitMinutes: 30, maxAttempts: 1, gradingMethod: 'highest', shuffleQuestions: true, shuffleOptions: true, window: [dayjs(), dayjs().add(7, 'day')] }}>
        <Form.Item name="title" label={S.paperForm.title} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="quarter" label={S.paperForm.quarter} rules={[{ required: true, pattern: /^\d{4}Q[1-4]$/ }]}>
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item name="window" label={S.paperForm.window} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="timeLimitMinutes" label={S.paperForm.limit}>
            <InputNumber min={1} max={600} />
          </Form.Item>
          <Form.Item name="maxAttempts" label={S.paperForm.attempts}>
            <InputNumber min={1} max={10} />
          </Form.Item>
          <Form.Item name="gradingMethod" label={S.paperForm.method}>
            <Select style={{ width: 130 }} options={Object.entries(S.paperForm.methods).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="shuffleQuestions" label={S.paperForm.shuffleQ} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="shuffleOptions" label={S.paperForm.shuffleO} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{S.paperForm.sections}</div>
        {sections.map((s, i) => (
          <Space key={i} wrap style={{ marginBottom: 8 }}>
            <Select style={{ width: 200 }} placeholder={S.paperForm.category} value={s.categoryId} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, categoryId: v } : x)))} options={(cats.data ?? []).map((c) => ({ value: c.id, label: `${c.path}（${c.questionCount}）` }))} />
            <Select style={{ width: 100 }} value={s.qtype} allowClear placeholder={S.paperForm.type} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, qtype: v } : x)))} options={Object.entries(S.qType).map(([value, label]) => ({ value, label }))} />
            <InputNumber min={1} max={200} value={s.count} addonAfter={S.paperForm.count} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, count: v ?? 1 } : x)))} />
            <InputNumber min={0.5} max={100} step={0.5} value={s.points} addonAfter={S.paperForm.points} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, points: v ?? 1 } : x)))} />
          </Space>
        ))}
        <Button icon={<PlusOutlined />} onClick={() => setSections([...sections, { count: 5, points: 2 }])}>
          {S.paperForm.addSection}
        </Button>
      </Form>
    </Modal>
  );
}

export default function PapersPage() {
  const me = useSignedIn();
  const papers = usePapers();
  const publish = usePublishPaper();
  const [creating, setCreating] = useState(false);
  const manage = can(me, 'exams.managePapers');
  return (
    <Card
      size="small"
      title={S.menuPapers}
      extra={
        manage && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {S.newPaper}
          </Button>
        )
      }
    >
      <Table<Paper>
        rowKey="id"
        size="small"
        loading={papers.isFetching}
        dataSource={papers.data ?? []}
        columns={[
          { title: S.col.paper, dataIndex: 'title' },
          { title: S.col.quarter, dataIndex: 'quarter', width: 80 },
          { title: S.col.window, key: 'w', width: 230, render: (_: unknown, p) => `${dayjs(p.opensAt).format('MM-DD HH:mm')} 至 ${dayjs(p.closesAt).format('MM-DD HH:mm')}` },
          { title: S.paperForm.sections, key: 's', render: (_: unknown, p) => p.sections.map((s) => <div key={s.id}>{`${s.label}，每题 ${s.points} 分`}</div>) },
          { title: S.col.attempts, dataIndex: 'attempts', width: 60 },
          {
            title: S.col.status,
            key: 'st',
            width: 110,
            render: (_: unknown, p) =>
              p.status === 'draft' && manage ? (
                <Button size="small" type="primary" onClick={() => publish.mutateAsync({ id: p.id, version: p.version }).then(() => toastSuccess(S.published), toastError)}>
                  {S.publish}
                </Button>
              ) : (
                <Tag color={p.status === 'published' ? 'red' : undefined}>{S.paperStatus[p.status]}</Tag>
              ),
          },
        ]}
      />
      {creating && <PaperForm onClose={() => setCreating(false)} />}
    </Card>
  );
}
