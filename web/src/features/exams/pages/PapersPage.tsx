import { useState } from 'react';
import { Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { can, useSignedIn } from '../../../api/session';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useCategories, useCreatePaper, usePapers, usePublishPaper, useQuestions, type Paper, type PaperInput, type ReviewOptions } from '../api';
import { S } from '../strings';

type SectionRow = { categoryId?: number; qtype?: string; count: number; points: number };
type Picked = { value: number; label: string };

const REVIEW_KEYS = ['score', 'correctness', 'key', 'explanation'] as const;

/** What a person sees of their attempt: four switches, right after submitting or after the close. */
function ReviewField({ value, onChange, testId }: { value?: ReviewOptions; onChange?: (v: ReviewOptions) => void; testId: string }) {
  const v = value ?? { score: true, correctness: true, key: false, explanation: false };
  return (
    <Checkbox.Group
      data-testid={testId}
      value={REVIEW_KEYS.filter((k) => v[k])}
      onChange={(keys) => onChange?.(Object.fromEntries(REVIEW_KEYS.map((k) => [k, keys.includes(k)])) as ReviewOptions)}
      options={REVIEW_KEYS.map((k) => ({ value: k, label: S.reviewOpts[k] }))}
    />
  );
}

/** Questions chosen from the bank by any fragment of their text. */
function FixedPicker({ value, onChange }: { value: Picked[]; onChange: (v: Picked[]) => void }) {
  const [q, setQ] = useState('');
  const found = useQuestions({ q: q || undefined });
  const strip = (s: string) => s.replace(/<[^>]+>/g, '');
  return (
    <Select<Picked[]>
      mode="multiple"
      labelInValue
      showSearch={{ filterOption: false, onSearch: setQ }}
      style={{ width: '100%' }}
      placeholder={S.fixed.search}
      value={value}
      onChange={(v) => onChange(v)}
      loading={found.isFetching}
      notFoundContent={null}
      data-testid="fixed-picker"
      options={(found.data?.items ?? []).map((x) => ({ value: x.id, label: `［${S.qType[x.type]}·${x.categoryName}］${strip(x.stem).slice(0, 60)}` }))}
    />
  );
}

function PaperForm({ onClose }: { onClose: () => void }) {
  const me = useSignedIn();
  const cats = useCategories();
  const create = useCreatePaper();
  const [form] = Form.useForm();
  const [sections, setSections] = useState<SectionRow[]>([{ count: 10, points: 2, qtype: 'single' }]);
  const [fixed, setFixed] = useState<Picked[]>([]);
  const [fixedPoints, setFixedPoints] = useState(2);
  const town = me.roles.find((r) => r.role === 'clerk');
  const save = async () => {
    const v = (await form.validateFields()) as { title: string; quarter: string; window: [Dayjs, Dayjs]; timeLimitMinutes: number; maxAttempts: number; gradingMethod: string; shuffleQuestions: boolean; shuffleOptions: boolean; reviewAfterSubmit: ReviewOptions; reviewAfterClose: ReviewOptions };
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
      reviewAfterSubmit: v.reviewAfterSubmit,
      reviewAfterClose: v.reviewAfterClose,
      unitIds: town ? [town.unitId] : [],
      sections: [
        ...fixed.map((f) => ({ kind: 'fixed' as const, questionId: f.value, count: 1, points: fixedPoints })),
        ...sections.map((s) => ({ kind: 'random' as const, categoryId: s.categoryId ?? null, qtype: (s.qtype ?? null) as PaperInput['sections'][number]['qtype'], count: s.count, points: s.points })),
      ],
    };
    await create.mutateAsync(body).then(() => (toastSuccess(S.paperForm.save), onClose()), toastError);
  };
  const q = Math.floor(dayjs().month() / 3) + 1;
  return (
    <Modal open title={S.newPaper} onCancel={onClose} onOk={save} okText={S.paperForm.save} confirmLoading={create.isPending} width={720}>
      <Form form={form} layout="vertical" initialValues={{ quarter: `${dayjs().year()}Q${q}`, timeLimitMinutes: 30, maxAttempts: 1, gradingMethod: 'highest', shuffleQuestions: true, shuffleOptions: true, window: [dayjs(), dayjs().add(7, 'day')], reviewAfterSubmit: { score: true, correctness: true, key: false, explanation: false }, reviewAfterClose: { score: true, correctness: true, key: true, explanation: true } }}>
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
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{S.reviewOpts.title}</div>
        <Form.Item name="reviewAfterSubmit" label={S.reviewOpts.afterSubmit} style={{ marginBottom: 4 }}>
          <ReviewField testId="review-after-submit" />
        </Form.Item>
        <Form.Item name="reviewAfterClose" label={S.reviewOpts.afterClose}>
          <ReviewField testId="review-after-close" />
        </Form.Item>
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{S.fixed.title}</div>
        <Space style={{ width: '100%', marginBottom: 16 }} orientation="vertical">
          <FixedPicker value={fixed} onChange={setFixed} />
          {fixed.length > 0 && <InputNumber min={0.5} max={100} step={0.5} value={fixedPoints} addonAfter={S.fixed.points} onChange={(v) => setFixedPoints(v ?? 1)} />}
        </Space>
        <div style={{ fontWeight: 600, marginBottom: 8 }}>{S.randomTitle}</div>
        {sections.map((s, i) => (
          <Space key={i} wrap style={{ marginBottom: 8 }}>
            <Select style={{ width: 200 }} placeholder={S.paperForm.category} value={s.categoryId} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, categoryId: v } : x)))} options={(cats.data ?? []).map((c) => ({ value: c.id, label: `${c.path}（${c.questionCount}）` }))} />
            <Select style={{ width: 100 }} value={s.qtype} allowClear placeholder={S.paperForm.type} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, qtype: v } : x)))} options={Object.entries(S.qType).map(([value, label]) => ({ value, label }))} />
            <InputNumber min={1} max={200} value={s.count} addonAfter={S.paperForm.count} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, count: v ?? 1 } : x)))} />
            <InputNumber min={0.5} max={100} step={0.5} value={s.points} addonAfter={S.paperForm.points} onChange={(v) => setSections(sections.map((x, j) => (j === i ? { ...x, points: v ?? 1 } : x)))} />
            <Button type="text" onClick={() => setSections(sections.filter((_, j) => j !== i))} disabled={sections.length === 1 && fixed.length === 0}>
              {S.paperForm.removeSection}
            </Button>
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
