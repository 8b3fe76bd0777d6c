import { useEffect, useMemo } from 'react';
import { Alert, Button, Checkbox, Drawer, Form, Input, InputNumber, Radio, Space, Switch, TreeSelect } from 'antd';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useChannelMeta, useCreateChannel, useUpdateChannel, type Channel, type ChannelCreate } from '../api';
import { S } from '../strings';

type Kind = ChannelCreate['kind'];

interface Values {
  kind: Kind;
  name: string;
  unitId: number;
  events: string[];
  enabled: boolean;
  webhookUrl?: string;
  format?: 'text' | 'markdown';
  secret?: string;
  clearSecret?: boolean;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from?: string;
}

interface Props {
  open: boolean;
  channel?: Channel;
  onClose: () => void;
}

const blank = (s?: string) => !s || !s.trim();

export function ChannelDrawer({ open, channel, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const meta = useChannelMeta();
  const create = useCreateChannel();
  const update = useUpdateChannel();
  const kind = (Form.useWatch('kind', form) ?? channel?.kind ?? 'wecom') as Kind;
  const events = Form.useWatch('events', form) as string[] | undefined;
  const editing = Boolean(channel);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (channel) {
      const c = channel.config;
      form.setFieldsValue({
        kind: channel.kind as Kind,
        name: channel.name,
        unitId: channel.unitId,
        events: channel.events,
        enabled: channel.enabled,
        format: (c.format as Values['format']) ?? 'text',
        host: c.host,
        port: c.port,
        secure: c.secure,
        user: c.user ?? undefined,
        from: c.from,
      });
    } else {
      const top = units.data?.find((u) => u.parentId === null);
      form.setFieldsValue({ kind: 'wecom', unitId: top?.id, events: ['study.plan-missing', 'study.evening', 'study.month-end'], enabled: true, format: 'text', secure: true, port: 465 });
    }
  }, [open, channel, form, units.data]);

  const submit = async (v: Values) => {
    const config: ChannelCreate['config'] = {};
    if (v.kind === 'wecom' || v.kind === 'dingtalk') {
      if (!blank(v.webhookUrl)) config.webhookUrl = v.webhookUrl!.trim();
      if (v.kind === 'wecom') config.format = v.format ?? 'text';
      if (v.kind === 'dingtalk') {
        if (!blank(v.secret)) config.secret = v.secret!.trim();
        else if (v.clearSecret) config.secret = null;
      }
    } else {
      config.host = v.host?.trim();
      config.port = v.port;
      config.secure = Boolean(v.secure);
      config.user = blank(v.user) ? null : v.user!.trim();
      if (!blank(v.password)) config.password = v.password;
      config.from = v.from?.trim();
    }
    const events = v.events.includes('*') ? ['*'] : v.events;
    if (channel) {
      await update.mutateAsync({ id: channel.id, body: { version: channel.version, name: v.name.trim(), unitId: v.unitId, events, enabled: v.enabled, config } });
    } else {
      await create.mutateAsync({ kind: v.kind, name: v.name.trim(), unitId: v.unitId, events, enabled: v.enabled, config });
    }
    toastSuccess(S.saved);
    onClose();
  };

  const allEvents = events?.includes('*');
  const robot = kind === 'wecom' || kind === 'dingtalk';

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={editing ? S.drawerEdit : S.drawerNew}
      size={520}
      destroyOnHidden
      forceRender
      data-testid="channel-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{S.cancel}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()} data-testid="channel-save">
            {S.save}
          </Button>
        </Space>
      }
    >
      <Form form={form} name="channel" layout="vertical" requiredMark onFinish={(v) => void submit(v).catch(() => undefined)}>
        <Form.Item label={S.fieldKind} name="kind" rules={[{ required: true }]}>
          <Radio.Group
            disabled={editing}
            optionType="button"
            buttonStyle="solid"
            options={(meta.data?.kinds ?? []).map((k) => ({ value: k.value, label: k.label }))}
            data-testid="channel-kind"
          />
        </Form.Item>
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={S.helpTitle[kind]}
          description={
            <ol style={{ margin: 0, paddingInlineStart: 18, fontSize: 13 }}>
              {(S.help[kind] ?? []).map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ol>
          }
        />
        <Form.Item label={S.fieldName} name="name" rules={[{ required: true, whitespace: true, max: 60, message: S.required(S.fieldName) }]}>
          <Input maxLength={60} placeholder={S.fieldNamePlaceholder} data-testid="channel-name" />
        </Form.Item>
        <Form.Item label={S.fieldUnit} name="unitId" extra={S.fieldUnitHelp} rules={[{ required: true, message: S.required(S.fieldUnit) }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>

        {robot && (
          <>
            <Form.Item
              label={S.fieldWebhook}
              name="webhookUrl"
              extra={channel?.config.webhookUrl ? S.fieldWebhookKeep(channel.config.webhookUrl) : undefined}
              rules={[{ required: !editing, whitespace: true, message: S.required(S.fieldWebhook) }, { type: 'url', message: S.fieldWebhook }]}
            >
              <Input
                placeholder={kind === 'wecom' ? 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…' : 'https://oapi.dingtalk.com/robot/send?access_token=…'}
                autoComplete="off"
                data-testid="channel-webhook"
              />
            </Form.Item>
            {kind === 'wecom' && (
              <Form.Item label={S.fieldFormat} name="format">
                <Radio.Group
                  options={[
                    { value: 'text', label: S.formatText },
                    { value: 'markdown', label: S.formatMarkdown },
                  ]}
                />
              </Form.Item>
            )}
            {kind === 'dingtalk' && (
              <>
                <Form.Item label={S.fieldSecret} name="secret" extra={channel?.config.hasSecret ? S.fieldSecretKeep : S.fieldSecretHelp}>
                  <Input.Password autoComplete="new-password" placeholder="SEC…" />
                </Form.Item>
                {channel?.config.hasSecret && (
                  <Form.Item name="clearSecret" valuePropName="checked" style={{ marginTop: -12 }}>
                    <Checkbox>{S.fieldSecretClear}</Checkbox>
                  </Form.Item>
                )}
              </>
            )}
          </>
        )}

        {kind === 'smtp' && (
          <>
            <div style={{ display: 'flex', gap: 12 }}>
              <Form.Item label={S.fieldHost} name="host" style={{ flex: 1 }} rules={[{ required: true, whitespace: true, message: S.required(S.fieldHost) }]}>
                <Input placeholder="smtp.exmail.qq.com" />
              </Form.Item>
              <Form.Item label={S.fieldPort} name="port" style={{ width: 110 }} rules={[{ required: true, message: S.required(S.fieldPort) }]}>
                <InputNumber min={1} max={65535} style={{ width: '100%' }} />
              </Form.Item>
            </div>
            <Form.Item name="secure" valuePropName="checked">
              <Checkbox>{S.fieldSecure}</Checkbox>
            </Form.Item>
            <Form.Item label={S.fieldUser} name="user">
              <Input autoComplete="off" placeholder="dangjian@example.gov.cn" />
            </Form.Item>
            <Form.Item label={S.fieldPassword} name="password" extra={channel?.config.hasPassword ? S.fieldPasswordKeep : undefined}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Form.Item label={S.fieldFrom} name="from" rules={[{ required: true, whitespace: true, message: S.required(S.fieldFrom) }]}>
              <Input placeholder={S.fieldFromPlaceholder} />
            </Form.Item>
          </>
        )}

        <Form.Item label={S.fieldEvents} name="events" rules={[{ required: true, type: 'array', min: 1, message: S.required(S.fieldEvents) }]}>
          <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="channel-events">
            {(meta.data?.events ?? []).map((e) => (
              <Checkbox key={e.value} value={e.value} disabled={allEvents && e.value !== '*'}>
                {e.label}
              </Checkbox>
            ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item label={S.fieldEnabled} name="enabled" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
