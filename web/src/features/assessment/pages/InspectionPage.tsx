import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Descriptions, Form, Image, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { CheckCircleOutlined, DownloadOutlined, ExperimentOutlined, MobileOutlined } from '@ant-design/icons';
import { useCan } from '../../../api/session';
import { errorMessage } from '../../../api/client';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PageLoading } from '../../../components/PageLoading';
import { photoUrl, redraw, reportUrl, useAssign, useCloseInspection, useDraw, useFindings, useInspection, useUnitMembers, type Finding, type PublicDraw } from '../api';
import { fmtTime, S } from '../strings';

const RECT_COLOR: Record<string, string> = { open: 'processing', submitted: 'warning', accepted: 'success', overdue: 'error' };

function AssignModal({ finding, onClose }: { finding: Finding | null; onClose: () => void }) {
  const [form] = Form.useForm();
  const members = useUnitMembers(finding?.unitId);
  const assign = useAssign();
  const ok = async () => {
    const v = await form.validateFields();
    try {
      await assign.mutateAsync({ findingId: finding!.id, ownerMemberId: v.ownerMemberId, requirement: v.requirement, deadline: v.deadline ? v.deadline.format('YYYY-MM-DD') : undefined });
      toastSuccess(S.assigned);
      onClose();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Modal open={Boolean(finding)} title={S.assignTitle} onCancel={onClose} onOk={() => void ok()} okText={S.assign} cancelText={S.cancel} confirmLoading={assign.isPending} destroyOnHidden>
      {finding ? (
        <Typography.Paragraph>
          {finding.unitName} · {finding.itemLabel}：{finding.text}
        </Typography.Paragraph>
      ) : null}
      <Form form={form} layout="vertical" initialValues={{ requirement: finding ? `针对“${finding.text}”进行整改` : '' }}>
        <Form.Item name="ownerMemberId" label={S.ownerPick} rules={[{ required: true, message: S.ownerPick }]}>
          <Select aria-label={S.ownerPick} showSearch optionFilterProp="label" options={(members.data ?? []).map((m) => ({ value: m.id, label: m.position ? `${m.name}（${m.position}）` : m.name }))} />
        </Form.Item>
        <Form.Item name="deadline" label={S.col.deadline} extra={S.deadlineHint}>
          <DatePicker aria-label={S.col.deadline} />
        </Form.Item>
        <Form.Item name="requirement" label={S.requirement} rules={[{ required: true, message: S.requirement }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function VerifyCard({ id, seed, algorithm }: { id: number; seed: string; algorithm: string }) {
  const [value, setValue] = useState('');
  const [result, setResult] = useState<{ matches: boolean; draw: PublicDraw } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    setResult(null);
    try {
      setResult(await redraw(id, value, algorithm));
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  return (
    <Card size="small" title={S.verify} data-testid="verify-card">
      <Typography.Paragraph type="secondary">{S.verifyHint}</Typography.Paragraph>
      <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
        <Input aria-label={S.seed} placeholder={seed} value={value} onChange={(e) => setValue(e.target.value)} />
        <Button onClick={() => void run()} disabled={!value}>
          {S.verifyRun}
        </Button>
      </Space.Compact>
      {error ? <Alert style={{ marginTop: 12 }} type="error" title={error} /> : null}
      {result ? (
        <div style={{ marginTop: 12 }} data-testid="verify-result">
          <Alert type={result.matches ? 'success' : 'error'} title={result.matches ? S.verifyMatch : S.verifyMismatch} />
          <ol style={{ marginTop: 8 }}>
            {result.draw.units.map((u) => (
              <li key={u.unitId} data-testid="redrawn-unit">
                {u.unitName}（{u.memberNames.join('、')}）
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Card>
  );
}

/** One inspection: the draw, the units and members drawn, the findings and their rectification. */
export default function InspectionPage() {
  const id = Number(useParams().id);
  const insp = useInspection(id);
  const findings = useFindings(id);
  const can = useCan();
  const draw = useDraw(id);
  const close = useCloseInspection(id);
  const [seed, setSeed] = useState('');
  const [assigning, setAssigning] = useState<Finding | null>(null);
  if (insp.isPending) return <PageLoading />;
  if (insp.isError) return <Alert type="error" title={errorMessage(insp.error)} />;
  const i = insp.data;
  const mayPlan = can('assessment.planInspection');
  const doDraw = async () => {
    try {
      await draw.mutateAsync({ seed: seed || undefined, version: i.version });
      toastSuccess(S.drawn(i.unitCount));
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={i.title}
        extra={
          <Space>
            <Button icon={<DownloadOutlined />} href={reportUrl(id)}>
              {S.report}
            </Button>
            {mayPlan && i.status === 'drawn' ? (
              <Popconfirm title={`${S.close}？`} onConfirm={() => close.mutateAsync(i.version).catch(toastError)}>
                <Button>{S.close}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      >
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={S.scope}>{i.scopeName}</Descriptions.Item>
          <Descriptions.Item label={S.quarter}>
            {i.year}年{S.quarterLabel(i.quarter)}
          </Descriptions.Item>
          <Descriptions.Item label={S.kind}>{i.kindLabel}</Descriptions.Item>
          <Descriptions.Item label={S.col.status}>
            <Tag>{i.statusLabel}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={S.team}>{i.team.map((t) => t.name).join('、') || S.none}</Descriptions.Item>
          <Descriptions.Item label={S.unitCount}>
            {i.unitCount}（每单位 {i.membersPerUnit} 人）
          </Descriptions.Item>
          {i.seed ? (
            <>
              <Descriptions.Item label={S.seed}>
                <Typography.Text code copyable data-testid="seed">
                  {i.seed}
                </Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={S.algorithm}>{i.algorithm}</Descriptions.Item>
              <Descriptions.Item label={S.col.drawnAt}>{fmtTime(i.drawnAt)}</Descriptions.Item>
            </>
          ) : null}
        </Descriptions>
      </Card>

      {i.status === 'planned' && mayPlan ? (
        <Card size="small" title={S.drawTitle}>
          <Typography.Paragraph type="secondary">{S.seedHint}</Typography.Paragraph>
          <Space.Compact style={{ width: '100%', maxWidth: 520 }}>
            <Input aria-label={S.seed} placeholder={S.seed} value={seed} maxLength={64} onChange={(e) => setSeed(e.target.value)} />
            <Button type="primary" icon={<ExperimentOutlined />} loading={draw.isPending} onClick={() => void doDraw()}>
              {S.draw}
            </Button>
          </Space.Compact>
        </Card>
      ) : null}

      {i.units.length ? (
        <Card size="small" title={S.drawn(i.units.length)}>
          <Table
            rowKey="unitId"
            size="small"
            pagination={false}
            dataSource={i.units}
            data-testid="drawn-units"
            columns={[
              { title: S.col.order, dataIndex: 'order', width: 60 },
              { title: S.col.unit, dataIndex: 'unitName', width: 160, render: (n: string) => <span data-testid="drawn-unit">{n}</span> },
              { title: S.col.members, key: 'm', render: (_: unknown, u) => u.members.map((m) => m.name).join('、') || S.none },
              { title: S.col.findings, dataIndex: 'findingCount', width: 90, align: 'right' as const },
              {
                title: '',
                key: 'go',
                width: 120,
                render: (_: unknown, u) =>
                  can('assessment.recordFinding') && i.status === 'drawn' ? (
                    <Link to={`/inspect/${id}/${u.unitId}`}>
                      <MobileOutlined /> {S.onSite}
                    </Link>
                  ) : null,
              },
            ]}
          />
        </Card>
      ) : null}

      {i.seed ? <VerifyCard id={id} seed={i.seed} algorithm={i.algorithm ?? ''} /> : null}

      <Card size="small" title={S.col.findings}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={findings.isPending}
          dataSource={findings.data ?? []}
          locale={{ emptyText: S.none }}
          columns={[
            { title: S.col.unit, dataIndex: 'unitName', width: 120 },
            { title: S.col.item, dataIndex: 'itemLabel', width: 200 },
            { title: S.col.score, key: 's', width: 80, render: (_: unknown, f: Finding) => `${f.score}/${f.maxScore}` },
            { title: S.col.text, dataIndex: 'text' },
            { title: S.col.photo, dataIndex: 'photoFileId', width: 80, render: (p: number | null) => (p ? <Image src={photoUrl(p)} width={56} height={42} style={{ objectFit: 'cover' }} /> : null) },
            { title: S.col.by, dataIndex: 'byName', width: 90 },
            {
              title: S.col.rectification,
              key: 'r',
              width: 120,
              render: (_: unknown, f: Finding) =>
                f.rectificationId ? (
                  <Link to={`/console/assessment/rectifications?focus=${f.rectificationId}`}>
                    <Tag color={RECT_COLOR[f.rectificationStatus ?? 'open']} icon={f.rectificationStatus === 'accepted' ? <CheckCircleOutlined /> : undefined}>
                      {S.statuses[f.rectificationStatus ?? 'open']}
                    </Tag>
                  </Link>
                ) : can('assessment.assignRectification') ? (
                  <Button size="small" onClick={() => setAssigning(f)}>
                    {S.assign}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <AssignModal finding={assigning} onClose={() => setAssigning(null)} />
    </Space>
  );
}
