import { useState } from 'react';
import { Form, Input, Modal, Select } from 'antd';
import { toastSuccess } from '../../../components/feedback';
import { useCreateUser, useMemberSearch } from '../api';
import { S } from '../strings';

interface Values {
  username: string;
  displayName: string;
  memberId?: number;
  password: string;
}

export function CreateUserModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [form] = Form.useForm<Values>();
  const [q, setQ] = useState('');
  const members = useMemberSearch(q, open);
  const create = useCreateUser();

  const save = async () => {
    const v = await form.validateFields();
    await create.mutateAsync({ username: v.username.trim().toLowerCase(), displayName: v.displayName.trim(), memberId: v.memberId ?? null, password: v.password });
    toastSuccess(S.created);
    form.resetFields();
    onClose();
  };

  return (
    <Modal open={open} title={S.createTitle} onCancel={onClose} onOk={() => void save().catch(() => undefined)} okText={S.save} cancelText={S.cancel} confirmLoading={create.isPending} destroyOnHidden forceRender>
      <Form form={form} name="createUser" layout="vertical" data-testid="create-user-form">
        <Form.Item label={S.fieldMember} name="memberId" extra={S.fieldMemberHint}>
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            allowClear
            placeholder={S.fieldMemberPlaceholder}
            loading={members.isFetching}
            options={(members.data?.items ?? []).map((m) => ({ value: m.id, label: `${m.name}（${m.unitName}${m.username ? `，已有账号 ${m.username}` : ''}）`, disabled: Boolean(m.username), name: m.name }))}
            onChange={(_, option) => {
              const o = Array.isArray(option) ? option[0] : option;
              if (o && 'name' in o && !form.getFieldValue('displayName')) form.setFieldValue('displayName', o.name);
            }}
          />
        </Form.Item>
        <Form.Item label={S.fieldUsername} name="username" extra={S.fieldUsernameHint} rules={[{ required: true, message: S.required(S.fieldUsername) }, { pattern: /^[a-zA-Z0-9_.-]{2,32}$/, message: S.fieldUsernameHint }]}>
          <Input autoComplete="off" autoCapitalize="none" />
        </Form.Item>
        <Form.Item label={S.fieldDisplayName} name="displayName" rules={[{ required: true, whitespace: true, max: 30, message: S.required(S.fieldDisplayName) }]}>
          <Input maxLength={30} />
        </Form.Item>
        <Form.Item label={S.fieldPassword} name="password" extra={S.fieldPasswordHint} rules={[{ required: true, message: S.required(S.fieldPassword) }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
