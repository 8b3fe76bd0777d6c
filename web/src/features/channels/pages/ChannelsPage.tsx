import { useState } from 'react';
import { App, Button, Card, Empty, Input, Modal, Segmented, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DeleteOutlined, EditOutlined, MailOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { toastSuccess } from '../../../components/feedback';
import { useChannelMeta, useChannels, useDeleteChannel, useDeliveries, useRetryDelivery, useTestChannel, useUpdateChannel, type Channel, type Delivery, type TestResult } from '../api';
import { ChannelDrawer } from '../components/ChannelDrawer';
import { S } from '../strings';

const KIND_COLORS: Record<string, string> = { wecom: 'green', dingtalk: 'blue', smtp: 'gold' };
const STATUS_COLORS: Record<string, string> = { pending: 'processing', sending: 'processing', sent: 'success', failed: 'error' };

const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '';

function TestModal({ channel, onClose }: { channel: Channel | null; onClose: () => void }) {
  const test = useTestChannel();
  const [to, setTo] = useState('');
  const [result, setResult] = useState<TestResult | null>(null);
  const close = () => {
    setTo('');
    setResult(null);
    onClose();
  };
  const send = async () => {
    if (!channel) return;
    setResult(await test.mutateAsync({ id: channel.id, to: to.trim() || undefined }));
  };
  return (
    <Modal
      open={Boolean(channel)}
      title={channel ? S.testTitle(channel.name) : ''}
      onCancel={close}
      okText={S.testSend}
      cancelText={S.cancel}
      onOk={() => void send().catch(() => undefined)}
      confirmLoading={test.isPending}
      destroyOnHidden
    >
      {channel?.kind === 'smtp' ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{S.testSmtp}</span>
          <Input prefix={<MailOutlined />} value={to} onChange={(e) => setTo(e.target.value)} placeholder={S.testSmtpPlaceholder} data-testid="test-to" />
        </Space>
      ) : (
        <p>{S.testRobot}</p>
      )}
      {result && (
        <Typography.Paragraph type={result.ok ? 'success' : 'danger'} style={{ marginTop: 12, marginBottom: 0 }} data-testid="test-result">
          {result.ok ? S.testOk : `${S.testFailed}${result.error ?? ''}`}
        </Typography.Paragraph>
      )}
    </Modal>
  );
}

function DeliveriesCard({ channel }: { channel: Channel | null }) {
  const [status, setStatus] = useState<string>('');
  const [page, setPage] = useState(1);
  const list = useDeliveries(channel?.id ?? null, status || undefined, page);
  const retry = useRetryDelivery();
  const columns: ColumnsType<Delivery> = [
    { title: S.dcol.time, dataIndex: 'createdAt', width: 110, render: (v: string) => time(v) },
    { title: S.dcol.kind, dataIndex: 'kindLabel', width: 200 },
    { title: S.dcol.recipient, dataIndex: 'recipient', width: 160, ellipsis: true },
    { title: S.dcol.subject, dataIndex: 'subject', ellipsis: true },
    {
      title: S.dcol.status,
      dataIndex: 'status',
      width: 190,
      render: (v: string, d) =>
        v === 'pending' && d.attempts > 0 ? (
          <Tag color="warning">{S.retrying(d.attempts, time(d.nextAttemptAt))}</Tag>
        ) : (
          <Tag color={STATUS_COLORS[v]}>
            {S.status[v] ?? v}
            {v === 'sent' && d.sentAt ? ` ${time(d.sentAt)}` : ''}
          </Tag>
        ),
    },
    { title: S.dcol.attempts, dataIndex: 'attempts', width: 60, align: 'right' },
    {
      title: S.dcol.error,
      dataIndex: 'lastError',
      width: 300,
      render: (v: string | null, d) =>
        v ? (
          <Space size={4} align="start">
            <Typography.Text type="danger" style={{ fontSize: 13 }}>
              {v}
            </Typography.Text>
            {d.status === 'failed' && d.kind !== 'test' && channel && (
              <Button size="small" type="link" onClick={() => void retry.mutateAsync({ channelId: channel.id, id: d.id }).then(() => toastSuccess(S.retried))}>
                {S.retry}
              </Button>
            )}
          </Space>
        ) : null,
    },
  ];
  return (
    <Card
      size="small"
      title={channel ? S.deliveriesOf(channel.name) : S.deliveries}
      extra={
        channel && (
          <Segmented
            size="small"
            value={status}
            onChange={(v) => {
              setStatus(String(v));
              setPage(1);
            }}
            options={[{ value: '', label: S.allStatuses }, ...['pending', 'sent', 'failed'].map((s) => ({ value: s, label: S.status[s] }))]}
          />
        )
      }
      data-testid="deliveries"
    >
      {channel ? (
        <Table
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isLoading}
          scroll={{ x: 1150 }}
          locale={{ emptyText: S.noDeliveries }}
          pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        />
      ) : (
        <Typography.Text type="secondary">{S.deliveriesHint}</Typography.Text>
      )}
    </Card>
  );
}

export default function ChannelsPage() {
  const { modal } = App.useApp();
  const channels = useChannels();
  const meta = useChannelMeta();
  const update = useUpdateChannel();
  const remove = useDeleteChannel();
  const [editing, setEditing] = useState<Channel | undefined>();
  const [drawer, setDrawer] = useState(false);
  const [testing, setTesting] = useState<Channel | null>(null);
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const eventLabel = (e: string) => meta.data?.events.find((x) => x.value === e)?.label ?? e;
  const rows = channels.data ?? [];
  const selected = rows.find((c) => c.id === selectedId) ?? rows[0] ?? null;

  const columns: ColumnsType<Channel> = [
    {
      title: S.col.name,
      dataIndex: 'name',
      width: 260,
      render: (v: string, c) => {
        const where = c.config.webhookUrl ?? `${c.config.host}:${c.config.port} · ${c.config.from}`;
        return (
          <div style={{ maxWidth: 260 }}>
            <div style={{ fontWeight: 500 }}>{v}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, maxWidth: 260 }} ellipsis={{ tooltip: where }}>
              {where}
            </Typography.Text>
          </div>
        );
      },
    },
    { title: S.col.kind, dataIndex: 'kindLabel', width: 140, render: (v: string, c) => <Tag color={KIND_COLORS[c.kind]}>{v}</Tag> },
    { title: S.col.unit, dataIndex: 'unitName', width: 100, onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }), render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{v}</span> },
    {
      title: S.col.events,
      dataIndex: 'events',
      width: 190,
      render: (evs: string[]) => (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {evs.map((e) => (
            <Tag key={e} style={{ marginInlineEnd: 0 }}>
              {eventLabel(e)}
            </Tag>
          ))}
        </div>
      ),
    },
    {
      title: S.col.enabled,
      dataIndex: 'enabled',
      width: 60,
      render: (v: boolean, c) => (
        <Tooltip title={v ? S.enabledOn : S.enabledOff}>
          <Switch
            size="small"
            checked={v}
            loading={update.isPending && update.variables?.id === c.id}
            onClick={(_checked, e) => e.stopPropagation()}
            onChange={(checked) => void update.mutateAsync({ id: c.id, body: { version: c.version, enabled: checked } }).then(() => toastSuccess(checked ? S.enabledOn : S.enabledOff))}
            data-testid={`channel-enabled-${c.id}`}
          />
        </Tooltip>
      ),
    },
    {
      title: S.col.stats,
      dataIndex: 'counts',
      width: 180,
      render: (n: Channel['counts'], c) => (
        <div>
          <div>{S.stats(n.sent, n.pending + n.sending, n.failed)}</div>
          {c.lastError && (
            <Typography.Text type="danger" ellipsis={{ tooltip: c.lastError }} style={{ fontSize: 12, maxWidth: 180 }}>
              {c.lastError}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: S.col.actions,
      key: 'actions',
      width: 200,
      render: (_: unknown, c) => (
        <Space size={0} onClick={(e) => e.stopPropagation()}>
          <Button type="link" size="small" icon={<SendOutlined />} onClick={() => setTesting(c)} data-testid={`channel-test-${c.id}`}>
            {S.test}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<EditOutlined />}
            onClick={() => {
              setEditing(c);
              setDrawer(true);
            }}
          >
            {S.edit}
          </Button>
          <Button
            type="link"
            size="small"
            danger
            icon={<DeleteOutlined />}
            onClick={() =>
              modal.confirm({
                title: S.remove,
                content: S.removeConfirm(c.name),
                okButtonProps: { danger: true },
                onOk: () => remove.mutateAsync(c.id).then(() => toastSuccess(S.removed)),
              })
            }
          >
            {S.remove}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 16, flexWrap: 'wrap' }}>
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {S.title}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0', maxWidth: 820 }}>
            {S.intro}
          </Typography.Paragraph>
        </div>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => {
            setEditing(undefined);
            setDrawer(true);
          }}
          data-testid="channel-add"
        >
          {S.add}
        </Button>
      </div>
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <Table
          rowKey="id"
          columns={columns}
          dataSource={rows}
          loading={channels.isLoading}
          pagination={false}
          scroll={{ x: 1140 }}
          locale={{ emptyText: <Empty description={S.empty} /> }}
          onRow={(c) => ({ onClick: () => setSelectedId(c.id), style: { cursor: 'pointer', background: selected?.id === c.id ? '#fbf6ef' : undefined } })}
          data-testid="channels-table"
        />
      </Card>
      <DeliveriesCard key={selected?.id ?? 0} channel={selected} />
      <ChannelDrawer open={drawer} channel={editing} onClose={() => setDrawer(false)} />
      <TestModal channel={testing} onClose={() => setTesting(null)} />
    </div>
  );
}
