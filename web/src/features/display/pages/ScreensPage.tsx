import { useMemo, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Radio, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { SLIDE_KINDS, SLIDE_LABELS } from '../../../../../server/src/modules/display/screens/schemas';
import { errorMessage } from '../../../api/client';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import {
  useAddQuote,
  useCreateScreen,
  useDeleteQuote,
  useDeleteScreen,
  useQuotes,
  useRenewScreen,
  useRevokeScreen,
  useScreens,
  useUpdateScreen,
  type Playlist,
  type Screen,
  type ScreenSecret,
} from '../api';
import { PlaylistEditor } from '../components/PlaylistEditor';
import { fmtTime, S } from '../strings';

const DEFAULT_PLAYLIST: Playlist = SLIDE_KINDS.map((kind) => ({ kind }));

function SecretModal({ secret, onClose }: { secret: ScreenSecret | null; onClose: () => void }) {
  return (
    <Modal open={secret !== null} title={S.secretTitle} onCancel={onClose} footer={<Button onClick={onClose}>{S.cancel}</Button>} destroyOnHidden>
      <Typography.Paragraph type="secondary">{S.secretHint}</Typography.Paragraph>
      {secret && (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Typography.Text code copyable={{ text: secret.url, tooltips: [S.copy, S.copied] }} data-testid="screen-secret-url" style={{ wordBreak: 'break-all' }}>
            {secret.url}
          </Typography.Text>
          <a href={secret.path} target="_blank" rel="noreferrer" data-testid="screen-secret-open">
            {S.open}
          </a>
        </Space>
      )}
    </Modal>
  );
}

interface FormValues {
  unitId: number;
  name: string;
  place?: string;
  theme: 'default' | 'contrast';
}

function ScreenModal({ screen, open, onClose, onSecret }: { screen: Screen | null; open: boolean; onClose: () => void; onSecret: (s: ScreenSecret) => void }) {
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const create = useCreateScreen();
  const update = useUpdateScreen();
  const [form] = Form.useForm<FormValues>();
  const [playlist, setPlaylist] = useState<Playlist>(screen?.playlist ?? DEFAULT_PLAYLIST);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (screen) {
        await update.mutateAsync({ id: screen.id, version: screen.version, name: v.name, place: v.place ?? '', theme: v.theme, playlist });
        toastSuccess(S.saved);
      } else {
        onSecret(await create.mutateAsync({ unitId: v.unitId, name: v.name, place: v.place ?? '', theme: v.theme, playlist }));
      }
      onClose();
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Modal
      open={open}
      title={screen ? `${S.edit}：${screen.name}` : S.newScreen}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={S.save}
      cancelText={S.cancel}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={640}
      okButtonProps={{ 'data-testid': 'screen-save' } as never}
    >
      {units.data && (
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={screen ? { unitId: screen.unitId, name: screen.name, place: screen.place, theme: screen.theme } : { theme: 'default', unitId: tree[0]?.value }}
        data-testid="screen-form"
      >
        {!screen && (
          <Form.Item name="unitId" label={S.unit} rules={[{ required: true }]}>
            <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" aria-label={S.unit} />
          </Form.Item>
        )}
        <Form.Item name="name" label={S.name} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} placeholder="如：一楼大厅电视" />
        </Form.Item>
        <Form.Item name="place" label={S.place} rules={[{ max: 60 }]}>
          <Input maxLength={60} placeholder="如：镇政府一楼办事大厅" />
        </Form.Item>
        <Form.Item name="theme" label={S.theme}>
          <Radio.Group options={Object.entries(S.themes).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item label={S.playlist}>
          <PlaylistEditor value={playlist} onChange={setPlaylist} />
        </Form.Item>
      </Form>
      )}
    </Modal>
  );
}

function ScreensTab() {
  const screens = useScreens();
  const can = useCan();
  const renew = useRenewScreen();
  const revoke = useRevokeScreen();
  const remove = useDeleteScreen();
  const [editing, setEditing] = useState<Screen | null>(null);
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<ScreenSecret | null>(null);
  const items = screens.data?.items ?? [];
  const dark = items.filter((s) => s.state === 'dark');
  const act = async (p: Promise<unknown>) => {
    try {
      await p;
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {dark.length > 0 && <Alert type="warning" showIcon data-testid="screens-dark-alert" title={S.darkAlert(dark.map((s) => s.name), screens.data!.darkAfterMinutes)} />}
      {can('display.manageScreens') && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="screen-new">
          {S.newScreen}
        </Button>
      )}
      <Table<Screen>
        rowKey="id"
        size="middle"
        loading={screens.isLoading}
        dataSource={items}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: S.noScreens }}
        data-testid="screens-table"
        columns={[
          {
            title: S.name,
            key: 'name',
            width: 220,
            render: (_, s) => (
              <div>
                <div style={{ fontWeight: 600 }}>{s.name}</div>
                <div style={{ color: '#8c847d', fontSize: 12 }}>
                  {s.unitName}
                  {s.place ? ` · ${s.place}` : ''}
                </div>
              </div>
            ),
          },
          { title: S.state, dataIndex: 'state', width: 100, render: (st: string) => <Tag color={S.stateColor[st]}>{S.states[st]}</Tag> },
          { title: S.lastSeen, dataIndex: 'lastSeenAt', width: 150, render: (t: string | null) => fmtTime(t) },
          { title: S.size, dataIndex: 'lastSize', width: 110, render: (t: string | null) => t ?? '—' },
          { title: S.theme, dataIndex: 'theme', width: 140, render: (t: string) => S.themes[t] ?? t },
          { title: S.playlist, key: 'pl', render: (_, s) => s.playlist.map((p) => SLIDE_LABELS[p.kind]).join('、') },
          {
            title: '',
            key: 'ops',
            width: 250,
            render: (_, s) =>
              can('display.manageScreens', undefined) && (
                <Space size={0} wrap>
                  <Button type="link" size="small" onClick={() => setEditing(s)}>
                    {S.edit}
                  </Button>
                  <Popconfirm title={S.renewConfirm} onConfirm={() => act(renew.mutateAsync({ id: s.id, version: s.version }).then(setSecret))}>
                    <Button type="link" size="small" data-testid="screen-renew">
                      {S.renew}
                    </Button>
                  </Popconfirm>
                  {!s.revoked && (
                    <Popconfirm title={S.revokeConfirm} onConfirm={() => act(revoke.mutateAsync({ id: s.id, version: s.version }))}>
                      <Button type="link" size="small" danger data-testid="screen-revoke">
                        {S.revoke}
                      </Button>
                    </Popconfirm>
                  )}
                  <Popconfirm title={S.removeConfirm} onConfirm={() => act(remove.mutateAsync(s.id))}>
                    <Button type="link" size="small" danger>
                      {S.remove}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      {(creating || editing) && <ScreenModal open screen={editing} onClose={() => (setCreating(false), setEditing(null))} onSecret={setSecret} />}
      <SecretModal secret={secret} onClose={() => setSecret(null)} />
    </Space>
  );
}

function QuotesTab() {
  const quotes = useQuotes();
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const add = useAddQuote();
  const del = useDeleteQuote();
  const [text, setText] = useState('');
  const [source, setSource] = useState('');
  const [unitId, setUnitId] = useState<number | undefined>();
  const unit = unitId ?? tree[0]?.value;
  const submit = async () => {
    if (!unit || !text.trim()) return;
    try {
      await add.mutateAsync({ unitId: unit, text, source });
      setText('');
      setSource('');
    } catch (e) {
      toastError(e);
    }
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{S.quotesHint}</Typography.Text>
      <Space wrap>
        {tree.length > 1 || (tree[0]?.children.length ?? 0) > 0 ? (
          <TreeSelect style={{ width: 180 }} treeData={tree} value={unit} onChange={setUnitId} treeDefaultExpandAll aria-label={S.unit} />
        ) : null}
        <Input style={{ width: 360 }} maxLength={200} value={text} onChange={(e) => setText(e.target.value)} placeholder={S.quoteText} aria-label={S.quoteText} />
        <Input style={{ width: 140 }} maxLength={60} value={source} onChange={(e) => setSource(e.target.value)} placeholder={S.quoteSource} aria-label={S.quoteSource} />
        <Button type="primary" onClick={() => void submit()} loading={add.isPending} disabled={!text.trim()} data-testid="quote-add">
          {S.addQuote}
        </Button>
      </Space>
      <Table
        rowKey="id"
        size="small"
        dataSource={quotes.data?.items ?? []}
        loading={quotes.isLoading}
        pagination={false}
        locale={{ emptyText: S.noQuotes }}
        columns={[
          { title: S.quoteText, dataIndex: 'text' },
          { title: S.quoteSource, dataIndex: 'source', width: 140 },
          { title: S.unit, dataIndex: 'unitName', width: 120 },
          {
            title: '',
            key: 'ops',
            width: 80,
            render: (_, q) => (
              <Button type="link" size="small" danger onClick={() => del.mutateAsync(q.id).catch((e: unknown) => toastError(e))}>
                {S.remove}
              </Button>
            ),
          },
        ]}
      />
      {add.error && <Alert type="error" title={errorMessage(add.error)} />}
    </Space>
  );
}

/** The clerk's screens: register, choose slides and theme, watch last contact, renew or revoke the link; the quotes of the day. */
export default function ScreensPage() {
  return (
    <Card title={S.screensTitle}>
      <PublicUrlWarning />
      <Typography.Paragraph type="secondary">{S.screensHint}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'screens', label: S.tabScreens, children: <ScreensTab /> },
          { key: 'quotes', label: S.tabQuotes, children: <QuotesTab /> },
        ]}
      />
    </Card>
  );
}
