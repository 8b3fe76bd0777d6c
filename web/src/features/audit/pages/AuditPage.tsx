import { useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { AuditEntry, AuditFilter } from '../../../api/types';
import { auditExportUrl, useAudit, useVerifyAudit } from '../api';
import { S } from '../strings';

interface FilterForm {
  range?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  outcome?: AuditFilter['outcome'] | '';
}

const OUTCOME_COLORS: Record<string, string> = { success: 'green', failure: 'orange', denied: 'red' };

const columns: ColumnsType<AuditEntry> = [
  { title: S.col.id, dataIndex: 'id', width: 70 },
  { title: S.col.at, dataIndex: 'at', width: 160, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss') },
  { title: S.col.username, dataIndex: 'username', width: 110, render: (v: string | null) => v ?? '—' },
  { title: S.col.ip, dataIndex: 'ip', width: 120, render: (v: string | null) => v ?? '—' },
  { title: S.col.action, dataIndex: 'action', width: 200, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
  { title: S.col.entity, key: 'entity', width: 110, render: (_, a) => (a.entity ? `${a.entity}${a.entityId ? ` #${a.entityId}` : ''}` : '—') },
  { title: S.col.outcome, dataIndex: 'outcome', width: 70, render: (v: string) => <Tag color={OUTCOME_COLORS[v]}>{S.outcomes[v] ?? v}</Tag> },
  { title: S.col.detail, dataIndex: 'detail', ellipsis: true, render: (v: string | null) => (v ? <span title={v}>{v}</span> : '—') },
  { title: S.col.hash, dataIndex: 'hash', width: 110, render: (v: string) => <Typography.Text type="secondary" title={v} style={{ whiteSpace: 'nowrap', fontFamily: 'monospace' }}>{v.slice(0, 8)}…</Typography.Text> },
];

export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const [filter, setFilter] = useState<AuditFilter>({ page: 1, pageSize: 50 });
  const audit = useAudit(filter);
  const verify = useVerifyAudit();

  const apply = (v: FilterForm) =>
    setFilter((f) => ({
      pageSize: f.pageSize,
      page: 1,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      username: v.username?.trim() || undefined,
      action: v.action?.trim() || undefined,
      outcome: v.outcome || undefined,
    }));

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{S.intro}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="inline" onFinish={apply} style={{ rowGap: 8 }} data-testid="audit-filters">
          <Form.Item label={S.dateRange} name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} />
          </Form.Item>
          <Form.Item label={S.username} name="username">
            <Input allowClear style={{ width: 130 }} />
          </Form.Item>
          <Form.Item label={S.action} name="action">
            <Input allowClear placeholder={S.actionPlaceholder} style={{ width: 190 }} />
          </Form.Item>
          <Form.Item label={S.outcome} name="outcome" initialValue="">
            <Select style={{ width: 110 }} options={[{ value: '', label: S.allOutcomes }, ...Object.entries(S.outcomes).map(([value, label]) => ({ value, label }))]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {S.search}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setFilter((f) => ({ page: 1, pageSize: f.pageSize }));
                }}
              >
                {S.reset}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      <Card
        size="small"
        title={audit.data ? S.total(audit.data.total) : S.title}
        extra={
          <Space>
            <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
              {S.verify}
            </Button>
            <Button icon={<DownloadOutlined />} href={auditExportUrl(filter)} data-testid="audit-export">
              {S.export}
            </Button>
          </Space>
        }
      >
        {verify.data && (
          <Alert
            data-testid="audit-verify-result"
            style={{ marginBottom: 12 }}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            type={verify.data.ok ? 'success' : 'error'}
            title={verify.data.ok ? S.verifyOk(verify.data.count, verify.data.checkpoints.checked) : verify.data.brokenAt !== undefined ? S.verifyBroken(verify.data.brokenAt, verify.data.reason) : S.verifyCheckpoints(verify.data.checkpoints.problems)}
          />
        )}
        <Table<AuditEntry>
          data-testid="audit-table"
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={audit.data?.items}
          loading={audit.isFetching}
          scroll={{ x: 1100 }}
          pagination={{
            current: filter.page,
            pageSize: filter.pageSize,
            total: audit.data?.total ?? 0,
            showSizeChanger: true,
            pageSizeOptions: [20, 50, 100, 200],
            showTotal: (t) => S.total(t),
            onChange: (page, pageSize) => setFilter((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
          }}
        />
      </Card>
    </div>
  );
}
