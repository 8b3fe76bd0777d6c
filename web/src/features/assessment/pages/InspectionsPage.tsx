import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button, Card, Form, InputNumber, Input, Modal, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useCreateInspection, useInspections, useTeamCandidates, type InspectionSummary } from '../api';
import { fmtTime, S } from '../strings';

const STATUS_COLOR: Record<string, string> = { planned: 'default', drawn: 'processing', closed: 'success' };

function PlanModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const units = useUnits(open);
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const scope = Form.useWatch('scopeUnitId', form) as number | undefined;
  const team = useTeamCandidates(scope);
  const create = useCreateInspection();
  const navigate = useNavigate();
  const now = dayjs();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const { id } = await create.mutateAsync({ ...v, title: v.title || undefined, teamUserIds: v.teamUserIds ?? [] });
      toastSuccess(S.create);
      onClose();
      void navigate(`/console/assessment/inspections/${id}`);
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Modal open={open} title={S.planTitle} onCancel={onClose} onOk={() => void submit()} okText={S.create} cancelText={S.cancel} confirmLoading={create.isPending} destroyOnHidden>
      <Form form={form} layout="vertical" initialValues={{ year: now.year(), quarter: Math.floor(now.month() / 3) + 1, kind: 'random' }}>
        <Form.Item name="scopeUnitId" label={S.scope} rules={[{ required: true, message: S.scope }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={S.scope} />
        </Form.Item>
        <Space>
          <Form.Item name="year" label={S.year}>
            <InputNumber min={2000} max={2100} />
          </Form.Item>
          <Form.Item name="quarter" label={S.quarter}>
            <Select style={{ width: 120 }} options={[1, 2, 3, 4].map((q) => ({ value: q, label: S.quarterLabel(q) }))} />
          </Form.Item>
          <Form.Item name="kind" label={S.kind}>
            <Select style={{ width: 130 }} options={Object.entries(S.kinds).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
        </Space>
        <Space>
          <Form.Item name="unitCount" label={S.unitCount}>
            <InputNumber min={1} max={200} placeholder="默认" />
          </Form.Item>
          <Form.Item name="membersPerUnit" label={S.membersPerUnit}>
            <InputNumber min={0} max={50} placeholder="默认" />
          </Form.Item>
        </Space>
        <Form.Item name="teamUserIds" label={S.team}>
          <Select mode="multiple" aria-label={S.team} options={(team.data ?? []).map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
        <Form.Item name="title" label={S.title}>
          <Input maxLength={60} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The inspector's console: every inspection within reach, and planning a new one. */
export default function InspectionsPage() {
  const [year, setYear] = useState(dayjs().year());
  const list = useInspections(year);
  const can = useCan();
  const [planning, setPlanning] = useState(false);
  const cols = [
    { title: S.col.title, dataIndex: 'title', render: (t: string, r: InspectionSummary) => <Link to={`/console/assessment/inspections/${r.id}`}>{t}</Link> },
    { title: S.scope, dataIndex: 'scopeName', width: 120 },
    { title: S.col.quarter, dataIndex: 'quarter', width: 90, render: (q: number) => S.quarterLabel(q) },
    { title: S.col.kind, dataIndex: 'kindLabel', width: 100 },
    { title: S.col.status, dataIndex: 'status', width: 90, render: (s: string, r: InspectionSummary) => <Tag color={STATUS_COLOR[s]}>{r.statusLabel}</Tag> },
    { title: S.col.units, dataIndex: 'unitsDrawn', width: 90, align: 'right' as const },
    { title: S.col.findings, dataIndex: 'findingCount', width: 90, align: 'right' as const },
    { title: S.col.drawnAt, dataIndex: 'drawnAt', width: 150, render: fmtTime },
  ];
  return (
    <Card
      title={S.inspectionsTitle}
      extra={
        <Space>
          <InputNumber aria-label={S.year} value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} suffix="年" />
          {can('assessment.planInspection') ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setPlanning(true)}>
              {S.plan}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{S.inspectionsIntro}</Typography.Paragraph>
      <Table rowKey="id" size="middle" loading={list.isPending} dataSource={list.data ?? []} columns={cols} pagination={false} locale={{ emptyText: S.none }} />
      <PlanModal open={planning} onClose={() => setPlanning(false)} />
    </Card>
  );
}
