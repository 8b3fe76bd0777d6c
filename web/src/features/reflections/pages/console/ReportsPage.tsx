import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Col, Empty, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { FileExcelOutlined, FileWordOutlined, SendOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { toastSuccess } from '../../../../components/feedback';
import { reportFileUrl, useCreateReport, useExcellent, useFeedback, useReports, type Feedback, type Report, type ReportItem, type ReflectionSummary } from '../../api';
import { feedbackColor, FEEDBACKS, fmtDateTime, S } from '../../strings';

const C = S.console;

function FeedbackCell({ report, item }: { report: Report; item: ReportItem }) {
  const fb = useFeedback();
  const [note, setNote] = useState(item.note ?? '');
  const save = (feedback: Feedback, n = note) => fb.mutateAsync({ reportId: report.id, itemId: item.id, feedback, note: n || undefined }).then(() => toastSuccess(C.feedbackSaved));
  return (
    <Space.Compact style={{ width: '100%' }}>
      <Select<Feedback>
        value={item.feedback}
        style={{ width: 100 }}
        onChange={(v) => void save(v)}
        options={FEEDBACKS.map((f) => ({ value: f, label: <Tag color={feedbackColor(f)}>{f}</Tag> }))}
        data-testid="rf-feedback"
      />
      <Input value={note} onChange={(e) => setNote(e.target.value)} onBlur={() => note !== (item.note ?? '') && void save(item.feedback)} placeholder={C.notePlaceholder} maxLength={200} />
    </Space.Compact>
  );
}

function ReportCard({ r }: { r: Report }) {
  const columns: ColumnsType<ReportItem> = [
    { title: C.col.title, dataIndex: 'title', render: (t: string, i) => <Link to={`/console/reflections/${i.reflectionId}`}>{t}</Link> },
    { title: C.col.book, dataIndex: 'bookTitle', width: 200, ellipsis: true, render: (b: string) => `《${b.replace(/^《|》$/g, '')}》` },
    { title: C.col.member, dataIndex: 'memberName', width: 80 },
    { title: C.col.unit, dataIndex: 'unitName', width: 130, ellipsis: true },
    { title: C.col.chars, dataIndex: 'charCount', width: 70, align: 'right' },
    { title: C.feedback, width: 320, render: (_, i) => <FeedbackCell report={r} item={i} /> },
  ];
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      data-testid="rf-report"
      title={
        <span>
          {r.title} <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>→ {r.recipient} · {fmtDateTime(r.reportedAt)} · {C.items(r.items.length)}</Typography.Text>
        </span>
      }
      extra={
        <Space>
          <a href={reportFileUrl(r.id, 'docx')} download data-testid="rf-report-docx">
            <Button icon={<FileWordOutlined />}>{C.docx}</Button>
          </a>
          <a href={reportFileUrl(r.id, 'xlsx')} download data-testid="rf-report-xlsx">
            <Button icon={<FileExcelOutlined />}>{C.xlsx}</Button>
          </a>
        </Space>
      }
    >
      <Table<ReportItem> rowKey="id" size="small" columns={columns} dataSource={r.items} pagination={false} />
    </Card>
  );
}

/** 优秀心得上报: pick excellent ones → one .docx compilation and an .xlsx list; record the feedback. */
export default function ReportsPage() {
  const excellent = useExcellent();
  const reports = useReports();
  const create = useCreateReport();
  const [selected, setSelected] = useState<number[]>([]);
  const [form] = Form.useForm<{ title: string; recipient: string }>();
  const columns: ColumnsType<ReflectionSummary> = [
    { title: C.col.title, dataIndex: 'title', render: (t: string, r) => <Link to={`/console/reflections/${r.id}`}>{t}</Link> },
    { title: C.col.member, dataIndex: 'memberName', width: 80 },
    { title: C.col.unit, dataIndex: 'unitName', width: 130, ellipsis: true },
    { title: C.col.chars, dataIndex: 'charCount', width: 70, align: 'right' },
    { title: C.col.score, dataIndex: 'score', width: 60, align: 'right', render: (v: number | null) => v ?? '—' },
  ];
  const submit = async () => {
    const v = await form.validateFields();
    await create.mutateAsync({ title: v.title.trim(), recipient: v.recipient.trim(), reflectionIds: selected });
    setSelected([]);
    toastSuccess(C.generated);
  };
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Card title={C.pick} style={{ marginBottom: 16 }}>
          <Table<ReflectionSummary>
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={excellent.data?.items}
            loading={excellent.isPending}
            pagination={false}
            locale={{ emptyText: C.noExcellent }}
            rowSelection={{ selectedRowKeys: selected, onChange: (k) => setSelected(k as number[]) }}
            data-testid="rf-excellent-list"
          />
          <Form form={form} layout="vertical" style={{ marginTop: 16 }} initialValues={{ title: C.reportTitleDefault(dayjs().format('YYYY年M月')), recipient: '' }}>
            <Form.Item name="title" label={C.reportTitle} rules={[{ required: true, whitespace: true, message: '请填写上报标题' }]}>
              <Input maxLength={100} data-testid="rf-report-title" />
            </Form.Item>
            <Form.Item name="recipient" label={C.recipient} rules={[{ required: true, whitespace: true, message: '请填写报送单位' }]}>
              <Input maxLength={100} placeholder={C.recipientPlaceholder} data-testid="rf-report-recipient" />
            </Form.Item>
            <Button type="primary" icon={<SendOutlined />} disabled={selected.length === 0} loading={create.isPending} onClick={() => void submit().catch(() => {})} data-testid="rf-report-generate">
              {C.generate} {selected.length > 0 ? `（${selected.length}）` : ''}
            </Button>
          </Form>
        </Card>
      </Col>
      <Col span={24}>
        <Card title={C.pastReports}>
          {reports.data?.items.length === 0 && <Empty description={C.noReports} />}
          {reports.data?.items.map((r) => (
            <ReportCard key={r.id} r={r} />
          ))}
        </Card>
      </Col>
    </Row>
  );
}
