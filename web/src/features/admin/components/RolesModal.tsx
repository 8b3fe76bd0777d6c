import { useEffect, useMemo } from 'react';
import { Alert, Button, Form, Modal, Select, Space, TreeSelect } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AdminUser } from '../../../api/types';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useRoles, useSetRoles } from '../api';
import { S } from '../strings';

interface Props {
  user: AdminUser | null;
  /** Every unit the page knows of (the unit tree, or the units seen in existing grants). */
  fallbackUnits: { id: number; name: string }[];
  canListUnits: boolean;
  onClose: () => void;
}

interface Values {
  roles: { role?: string; unitId?: number }[];
}

export function RolesModal({ user, fallbackUnits, canListUnits, onClose }: Props) {
  const [form] = Form.useForm<Values>();
  const roles = useRoles();
  const units = useUnits(canListUnits);
  const save = useSetRoles();
  const treeData = useMemo(
    () =>
      buildUnitTree(
        units.data?.length ? units.data : fallbackUnits.map((u) => ({ id: u.id, parentId: null, name: u.name, kind: 'other', sortOrder: 0, version: 0, memberCount: 0 })),
      ),
    [units.data, fallbackUnits],
  );

  useEffect(() => {
    if (user) form.setFieldsValue({ roles: user.roles.map((g) => ({ role: g.role, unitId: g.unitId })) });
  }, [user, form]);

  const submit = async () => {
    const v = await form.validateFields();
    if (!user) return;
    await save.mutateAsync({ id: user.id, roles: v.roles.map((g) => ({ role: g.role!, unitId: g.unitId! })) });
    toastSuccess(S.rolesSaved);
    onClose();
  };

  return (
    <Modal
      open={user !== null}
      title={user ? S.rolesTitle(user.username) : ''}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={S.save}
      cancelText={S.cancel}
      confirmLoading={save.isPending}
      width={640}
      destroyOnHidden
      forceRender
    >
      <Alert type="info" showIcon title={S.rolesHint} style={{ marginBottom: 16 }} />
      <Form form={form} name="roles" data-testid="roles-form">
        <Form.List name="roles">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="start" style={{ display: 'flex', marginBottom: 4 }} wrap>
                  <Form.Item name={[f.name, 'role']} rules={[{ required: true, message: S.pickRole }]} style={{ marginBottom: 8 }}>
                    <Select aria-label={S.role} placeholder={S.role} style={{ width: 200 }} options={(roles.data ?? []).map((r) => ({ value: r.role, label: r.label }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'unitId']} rules={[{ required: true, message: S.pickUnit }]} style={{ marginBottom: 8 }}>
                    <TreeSelect aria-label={S.unit} placeholder={S.unit} style={{ width: 260 }} treeData={treeData} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
                  </Form.Item>
                  <Button aria-label={S.remove} icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
                {S.addRole}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
