import { useMemo, useState } from 'react';
import { App, Button, Card, Dropdown, Input, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { MenuProps } from 'antd';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { can, useSignedIn } from '../../../api/session';
import type { AdminUser } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useResetTotp, useUnlockUser, useUpdateUser, useUsers } from '../api';
import { CreateUserModal } from '../components/CreateUserModal';
import { ResetPasswordModal } from '../components/ResetPasswordModal';
import { RolesModal } from '../components/RolesModal';
import { S } from '../strings';

export default function UsersPage() {
  const me = useSignedIn();
  const { modal } = App.useApp();
  // From /api/me's permissions (server: modules/admin/policy.ts).
  const canManage = can(me, 'admin.manageUsers');
  const canUnlock = can(me, 'admin.unlockUser');
  const canSetRoles = can(me, 'admin.setRoles');
  const canResetTotp = can(me, 'admin.resetTotp');
  const [q, setQ] = useState('');
  const users = useUsers(q);
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const resetTotp = useResetTotp();
  const [creating, setCreating] = useState(false);
  const [rolesFor, setRolesFor] = useState<AdminUser | null>(null);
  const [passwordFor, setPasswordFor] = useState<AdminUser | null>(null);

  // Units seen in existing grants: the role editor's choices when the unit tree is not readable.
  const grantUnits = useMemo(() => {
    const m = new Map<number, string>();
    for (const u of users.data ?? []) for (const g of u.roles) m.set(g.unitId, g.unitName);
    return [...m].map(([id, name]) => ({ id, name }));
  }, [users.data]);

  const actionsFor = (u: AdminUser): MenuProps['items'] => {
    const items: MenuProps['items'] = [];
    if (canManage) {
      items.push({ key: 'toggle', label: u.disabled ? S.enable : S.disable, danger: !u.disabled });
      items.push({ key: 'password', label: S.resetPassword });
    }
    if (canUnlock && u.locked) items.push({ key: 'unlock', label: S.unlock });
    if (canSetRoles) items.push({ key: 'roles', label: S.editRoles, disabled: u.id === me.user.id });
    if (canResetTotp) {
      if (u.totpEnabled) items.push({ key: 'totp', label: S.resetTotp, danger: true });
    }
    return items;
  };

  const onAction = (u: AdminUser, key: string) => {
    if (key === 'toggle')
      modal.confirm({
        title: u.disabled ? S.enable : S.disable,
        content: u.disabled ? S.enableConfirm(u.username) : S.disableConfirm(u.username),
        onOk: () => update.mutateAsync({ id: u.id, version: u.version, disabled: !u.disabled }).then(() => toastSuccess(S.done)),
      });
    else if (key === 'password') setPasswordFor(u);
    else if (key === 'unlock') void unlock.mutateAsync(u.id).then(() => toastSuccess(S.unlocked));
    else if (key === 'roles') setRolesFor(u);
    else if (key === 'totp')
      modal.confirm({ title: S.resetTotp, content: S.resetTotpConfirm(u.username), okButtonProps: { danger: true }, onOk: () => resetTotp.mutateAsync(u.id).then(() => toastSuccess(S.done)) });
  };

  const columns: ColumnsType<AdminUser> = [
    { title: S.col.username, dataIndex: 'username', width: 120 },
    { title: S.col.displayName, dataIndex: 'displayName', width: 110 },
    { title: S.col.member, key: 'member', width: 180, render: (_, u) => (u.memberName ? `${u.memberName}（${u.unitName ?? ''}）` : <Typography.Text type="secondary">{S.noMember}</Typography.Text>) },
    {
      title: S.col.roles,
      key: 'roles',
      render: (_, u) =>
        u.roles.length ? (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
            {u.roles.map((g) => (
              <Tag key={`${g.role}-${g.unitId}`} color={g.role === 'member' ? undefined : 'red'} style={{ marginInlineEnd: 0 }}>
                {g.roleLabel} · {g.unitName}
              </Tag>
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">{S.noRoles}</Typography.Text>
        ),
    },
    {
      title: S.col.status,
      key: 'status',
      width: 170,
      render: (_, u) => (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
          {u.disabled ? <Tag>{S.disabled}</Tag> : <Tag color="green">{S.enabled}</Tag>}
          {u.locked && <Tag color="orange">{S.locked}</Tag>}
          {u.mustChangePassword && <Tag color="gold">{S.mustChange}</Tag>}
          {u.totpEnabled && <Tag color="blue">{S.totpOn}</Tag>}
        </div>
      ),
    },
    {
      title: S.col.actions,
      key: 'actions',
      width: 100,
      fixed: 'right',
      render: (_, u) => {
        const items = actionsFor(u);
        return items && items.length ? (
          <Dropdown menu={{ items, onClick: ({ key }) => onAction(u, key) }} trigger={['click']}>
            <Button size="small" data-testid={`user-actions-${u.username}`}>
              {S.more} <DownOutlined />
            </Button>
          </Dropdown>
        ) : null;
      },
    },
  ];

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.usersTitle}
      </Typography.Title>
      <Card size="small">
        <Space wrap style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }}>
          <Input.Search aria-label={S.searchUsers} placeholder={S.searchUsers} allowClear enterButton onSearch={(v) => setQ(v.trim())} style={{ width: 300, maxWidth: '100%' }} />
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="user-create">
              {S.newUser}
            </Button>
          )}
        </Space>
        <Table<AdminUser> data-testid="users-table" rowKey="id" size="small" columns={columns} dataSource={users.data} loading={users.isFetching} scroll={{ x: 960 }} pagination={{ pageSize: 50, hideOnSinglePage: true }} />
      </Card>
      <CreateUserModal open={creating} onClose={() => setCreating(false)} />
      <RolesModal user={rolesFor} fallbackUnits={grantUnits} canListUnits={can(me, 'org.viewRoster')} onClose={() => setRolesFor(null)} />
      <ResetPasswordModal user={passwordFor} onClose={() => setPasswordFor(null)} />
    </div>
  );
}
