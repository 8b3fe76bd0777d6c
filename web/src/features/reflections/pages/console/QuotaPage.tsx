import { useState } from 'react';
import { Button, Card, DatePicker, Progress, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { CheckCircleFilled, CloseCircleFilled, DownloadOutlined } from '@ant-design/icons';
import { apiUrl } from '../../../../api/client';
import { useCan } from '../../../../api/session';
import dayjs from 'dayjs';
import { useQuota, type QuotaRow } from '../../api';
import { fmtMonth, S } from '../../strings';

const C = S.console;

/** 心得月度指标: per unit, submitted and approved against ⌈percent × headcount⌉, red or green. */
export default function QuotaPage() {
  const [month, setMonth] = useState<string | undefined>(undefined);
  const quota = useQuota(month);
  const can = useCan();
  const items = quota.data?.items ?? [];
  const met = items.filter((i) => i.met).length;
  const columns: ColumnsType<QuotaRow> = [
    { title: C.unit, dataIndex: 'unitName' },
    { title: C.headcount, dataIndex: 'headcount', width: 90, align: 'right' },
    { title: C.required, dataIndex: 'required', width: 90, align: 'right', render: (v: number) => <strong>{v}</strong> },
    { title: C.submitted, dataIndex: 'submitted', width: 90, align: 'right' },
    { title: C.approved, dataIndex: 'approved', width: 90, align: 'right', render: (v: number, r) => <span style={{ color: r.met ? '#1f7a3a' : '#cf1322', fontWeight: 600 }}>{v}</span> },
    {
      title: '',
      width: 220,
      render: (_, r) => <Progress percent={r.required > 0 ? Math.min(100, Math.round((r.approved / r.required) * 100)) : 100} size="small" status={r.met ? 'success' : 'exception'} format={() => `${r.approved}/${r.required}`} />,
    },
    {
      title: C.met,
      dataIndex: 'met',
      width: 100,
      render: (m: boolean) =>
        m ? (
          <Tag color="green" icon={<CheckCircleFilled />} data-testid="rf-quota-met">
            {C.met}
          </Tag>
        ) : (
          <Tag color="red" icon={<CloseCircleFilled />} data-testid="rf-quota-unmet">
            {C.notMet}
          </Tag>
        ),
    },
  ];
  return (
    <Card
      title={C.quotaTitle}
      extra={
        <Space wrap>
          <DatePicker
            picker="month"
            allowClear={false}
            value={dayjs(`${quota.data?.month ?? dayjs().format('YYYY-MM')}-01`)}
            onChange={(d) => setMonth(d ? d.format('YYYY-MM') : undefined)}
            data-testid="rf-quota-month"
          />
          {can('reflections.export') && (
            <Button icon={<DownloadOutlined />} href={apiUrl('/reflections/quota.xlsx', { month: quota.data?.month ?? month })} data-testid="rf-quota-export">
              {C.exportQuota}
            </Button>
          )}
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        {quota.data && (
          <Space size="large" wrap>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {fmtMonth(quota.data.month)}
            </Typography.Title>
            <Typography.Text type="secondary">{C.quotaRule(quota.data.percent)}</Typography.Text>
            <Typography.Text strong style={{ color: met === items.length ? '#1f7a3a' : '#cf1322' }} data-testid="rf-quota-summary">
              {C.quotaSummary(met, items.length)}
            </Typography.Text>
          </Space>
        )}
        <Table<QuotaRow>
          rowKey="unitId"
          size="middle"
          columns={columns}
          dataSource={items}
          loading={quota.isFetching}
          pagination={false}
          onRow={(r) => ({ style: { background: r.met ? undefined : '#fff7f6' } })}
          data-testid="rf-quota"
        />
      </Space>
    </Card>
  );
}
