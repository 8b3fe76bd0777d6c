import { useEffect, useMemo } from 'react';
import { Button, Drawer, Form, Input, Select, Space, Switch, TreeSelect } from 'antd';
import { ApiError } from '../../../api/client';
import { CATEGORY_LABELS } from '../../../api/labels';
import type { Category, Member } from '../../../api/types';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { fetchMember, useCreateMember, useUpdateMember } from '../api';
import { S } from '../strings';

interface Values {
  name: string;
  unitId: number;
  position?: string;
  category: Category;
  partyMember: boolean;
  phone?: string;
  email?: string;
  leadingGroup: boolean;
  leadingGroupRole?: string;
}

interface Props {
  open: boolean;
  /** The member to edit; undefined to add a new one. */
  member?: Member;
  defaultUnitId?: number;
  onClose: () => void;
  /** A concurrent edit was detected and the fresh record loaded. */
  onReloaded: (fresh: Member) => void;
}

const CATEGORY_OPTIONS = Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }));

const toValues = (m: Member): Values => ({
  name: m.name,
  unitId: m.unitId,
  position: m.position,
  category: m.category as Category,
  partyMember: m.partyMember,
  phone: m.phone ?? undefined,
  email: m.email ?? undefined,
  leadingGroup: m.leadingGroup,
  leadingGroupRole: m.leadingGroupRole ?? undefined,
});

export function MemberDrawer({ open, member, defaultUnitId, onClose, onReloaded }: Props) {
  const [form] = Form.useForm<Values>();
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const create = useCreateMember();
  const update = useUpdateMember();
  const leadingGroup = Form.useWatch('leadingGroup', form);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(member ? toValues(member) : { unitId: defaultUnitId, category: 'staff', partyMember: false, leadingGroup: false });
  }, [open, member, defaultUnitId, form]);

  const submit = async (v: Values) => {
    const body = {
      name: v.name.trim(),
      unitId: v.unitId,
      position: v.position?.trim() ?? '',
      category: v.category,
      partyMember: v.partyMember,
      phone: v.phone?.trim() ? v.phone.trim() : null,
      email: v.email?.trim() ? v.email.trim() : null,
      leadingGroup: v.leadingGroup,
      leadingGroupRole: v.leadingGroup && v.leadingGroupRole?.trim() ? v.leadingGroupRole.trim() : null,
    };
    try {
      if (member) await update.mutateAsync({ id: member.id, body: { ...body, version: member.version } });
      else await create.mutateAsync(body);
      toastSuccess(S.saved);
      onClose();
    } catch (e) {
      // Someone else saved first: show their version so the clerk can re-apply the change.
      if (member && e instanceof ApiError && e.status === 409) {
        const fresh = await fetchMember(member.id);
        onReloaded(fresh);
        form.setFieldsValue(toValues(fresh));
      }
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={member ? S.memberDrawerEdit : S.memberDrawerNew}
      size={420}
      destroyOnHidden
      forceRender
      data-testid="member-drawer"
      extra={
        <Space>
          <Button onClick={onClose}>{S.cancel}</Button>
          <Button type="primary" loading={create.isPending || update.isPending} onClick={() => form.submit()} data-testid="member-save">
            {S.save}
          </Button>
        </Space>
      }
    >
      <Form form={form} name="member" layout="vertical" requiredMark onFinish={(v) => void submit(v)}>
        <Form.Item label={S.fieldName} name="name" rules={[{ required: true, whitespace: true, max: 30, message: S.required(S.fieldName) }]}>
          <Input maxLength={30} data-testid="member-name" />
        </Form.Item>
        <Form.Item label={S.fieldUnit} name="unitId" rules={[{ required: true, message: S.required(S.fieldUnit) }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
        <Form.Item label={S.fieldPosition} name="position" rules={[{ max: 60 }]}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={S.fieldCategory} name="category" rules={[{ required: true }]}>
          <Select options={CATEGORY_OPTIONS} />
        </Form.Item>
        <Form.Item label={S.fieldParty} name="partyMember" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item label={S.fieldPhone} name="phone" rules={[{ pattern: /^1\d{10}$/, message: S.fieldPhoneInvalid }]}>
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Form.Item label={S.fieldEmail} name="email" extra={S.fieldEmailHelp} rules={[{ type: 'email', message: S.fieldEmailInvalid }, { max: 120 }]}>
          <Input inputMode="email" maxLength={120} data-testid="member-email" />
        </Form.Item>
        <Form.Item label={S.fieldLeadingGroup} name="leadingGroup" valuePropName="checked">
          <Switch />
        </Form.Item>
        {leadingGroup && (
          <Form.Item label={S.fieldLeadingGroupRole} name="leadingGroupRole" rules={[{ max: 30 }]}>
            <Input maxLength={30} placeholder={S.fieldLeadingGroupRolePlaceholder} />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
