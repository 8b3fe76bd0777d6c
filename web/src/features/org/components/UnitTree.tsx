import { useMemo, useState, type ReactNode } from 'react';
import { App, Button, Empty, Form, Input, InputNumber, Modal, Select, Space, Spin, Tree, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { UNIT_KIND_LABELS } from '../../../api/labels';
import type { Unit, UnitKind } from '../../../api/types';
import { buildUnitTree, useUnits, type UnitNode } from '../../../api/units';
import { toastSuccess } from '../../../components/feedback';
import { useCreateUnit, useDeleteUnit, useUpdateUnit } from '../api';
import { S } from '../strings';

interface Props {
  selected: number | undefined;
  onSelect: (unitId: number | undefined) => void;
  canWrite: boolean;
}

interface UnitForm {
  name: string;
  kind: UnitKind;
  sortOrder?: number;
}

const KIND_OPTIONS = Object.entries(UNIT_KIND_LABELS).map(([value, label]) => ({ value, label }));

interface TreeItem {
  key: number;
  title: ReactNode;
  children: TreeItem[];
}

function toTreeData(nodes: UnitNode[]): TreeItem[] {
  return nodes.map((n) => ({
    key: n.key,
    title: (
      <span title={S.memberCountTitle(n.total)}>
        {n.title}
        <span style={{ marginLeft: 6, fontSize: 12, color: '#8c847d' }}>{n.total}</span>
      </span>
    ),
    children: toTreeData(n.children),
  }));
}

/** The units tree: picks the roster's unit filter, and lets clerks add, rename and delete units. */
export function UnitTree({ selected, onSelect, canWrite }: Props) {
  const { modal } = App.useApp();
  const units = useUnits();
  const createUnit = useCreateUnit();
  const updateUnit = useUpdateUnit();
  const deleteUnit = useDeleteUnit();
  const [editing, setEditing] = useState<{ mode: 'add' | 'rename'; parent: Unit | null; unit?: Unit } | null>(null);
  const [form] = Form.useForm<UnitForm>();

  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  const roots = useMemo(() => (units.data ?? []).filter((u) => u.parentId === null).map((u) => u.id), [units.data]);
  // Top units start open; a unit that just got a child opens too.
  const [opened, setOpened] = useState<number[] | null>(null);
  const expanded = opened ?? roots;
  const current = units.data?.find((u) => u.id === selected);

  const openAdd = (parent: Unit | null) => {
    form.setFieldsValue({ name: '', kind: 'office', sortOrder: undefined });
    setEditing({ mode: 'add', parent });
  };
  const openRename = (unit: Unit) => {
    form.setFieldsValue({ name: unit.name, kind: unit.kind as UnitKind, sortOrder: unit.sortOrder });
    setEditing({ mode: 'rename', parent: null, unit });
  };
  const save = async () => {
    const v = await form.validateFields();
    if (!editing) return;
    if (editing.mode === 'add') {
      await createUnit.mutateAsync({ parentId: editing.parent?.id ?? null, name: v.name.trim(), kind: v.kind, sortOrder: v.sortOrder ?? undefined });
      const parentId = editing.parent?.id;
      if (parentId !== undefined) setOpened([...new Set([...expanded, parentId])]);
    } else if (editing.unit) {
      await updateUnit.mutateAsync({ id: editing.unit.id, body: { version: editing.unit.version, name: v.name.trim(), kind: v.kind, sortOrder: v.sortOrder ?? undefined } });
    }
    toastSuccess(S.unitSaved);
    setEditing(null);
  };
  const remove = (unit: Unit) =>
    modal.confirm({
      title: S.deleteUnit,
      content: S.deleteUnitConfirm(unit.name),
      okButtonProps: { danger: true },
      onOk: async () => {
        await deleteUnit.mutateAsync(unit.id);
        toastSuccess(S.unitDeleted);
        onSelect(undefined);
      },
    });

  return (
    <div data-testid="unit-tree">
      {canWrite && (
        <Space wrap size={4} style={{ marginBottom: 8 }}>
          <Button size="small" icon={<PlusOutlined />} disabled={!current} onClick={() => current && openAdd(current)} title={current ? undefined : S.selectUnitFirst}>
            {S.addUnit}
          </Button>
          <Button size="small" icon={<EditOutlined />} disabled={!current} onClick={() => current && openRename(current)}>
            {S.renameUnit}
          </Button>
          <Button size="small" danger icon={<DeleteOutlined />} disabled={!current} onClick={() => current && remove(current)}>
            {S.deleteUnit}
          </Button>
        </Space>
      )}
      <div style={{ marginBottom: 4 }}>
        <Typography.Link strong={selected === undefined} onClick={() => onSelect(undefined)}>
          {S.allUnits}
        </Typography.Link>
      </div>
      {units.isPending ? (
        <Spin />
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Tree
          blockNode
          expandedKeys={expanded}
          onExpand={(keys) => setOpened(keys.map(Number))}
          selectedKeys={selected !== undefined ? [selected] : []}
          treeData={treeData}
          onSelect={(keys) => onSelect(keys.length ? Number(keys[0]) : undefined)}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing?.mode === 'add' ? S.addUnit : S.renameUnit}
        onCancel={() => setEditing(null)}
        onOk={() => void save().catch(() => undefined)}
        confirmLoading={createUnit.isPending || updateUnit.isPending}
        okText={S.save}
        cancelText={S.cancel}
        destroyOnHidden
        forceRender
      >
        {editing?.mode === 'add' && editing.parent && <Typography.Paragraph type="secondary">{S.unitParent(editing.parent.name)}</Typography.Paragraph>}
        <Form form={form} name="unit" layout="vertical" requiredMark={false}>
          <Form.Item label={S.unitName} name="name" rules={[{ required: true, whitespace: true, max: 60, message: S.required(S.unitName) }]}>
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item label={S.unitKind} name="kind" rules={[{ required: true }]}>
            <Select options={KIND_OPTIONS} />
          </Form.Item>
          <Form.Item label={S.sortOrder} name="sortOrder">
            <InputNumber style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
