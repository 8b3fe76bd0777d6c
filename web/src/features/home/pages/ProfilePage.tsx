import { useNavigate } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Descriptions, List, Switch, Tag } from 'antd';
import { BellOutlined, DesktopOutlined, KeyOutlined, LogoutOutlined, RightOutlined, SafetyOutlined, ToolOutlined, TrophyOutlined } from '@ant-design/icons';
import { api } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { categoryLabel } from '../../../api/labels';
import { isConsoleUser, useSignedIn, useSignOut } from '../../../api/session';
import { useMyRectifications } from '../api';
import { S } from '../strings';

interface Preferences {
  eveningReminder: boolean;
}

/** The member's reminder switches (GET/PUT /api/me/preferences). */
function ReminderSettings() {
  const qc = useQueryClient();
  const prefs = useQuery({ queryKey: ['me', 'preferences'], queryFn: () => api.get<Preferences>('/me/preferences') });
  const save = useMutation({
    mutationFn: (body: Partial<Preferences>) => api.put<Preferences>('/me/preferences', body),
    onSuccess: (p) => {
      qc.setQueryData(['me', 'preferences'], p);
      toastSuccess(p.eveningReminder ? S.eveningReminderOn : S.eveningReminderOff);
    },
  });
  return (
    <Card size="small" title={S.reminders} styles={{ body: { padding: '0 12px' } }}>
      <div style={{ minHeight: 56, padding: '12px 0' }}>
        <span style={{ display: 'flex', alignItems: 'center', gap: 10, flex: 1 }}>
          <BellOutlined />
          <span style={{ flex: 1 }}>
            <div>{S.eveningReminder}</div>
            <div style={{ fontSize: 12, color: '#8c847d' }}>{S.eveningReminderHelp}</div>
          </span>
          <Switch
            checked={prefs.data?.eveningReminder ?? true}
            loading={prefs.isLoading || save.isPending}
            onChange={(v) => save.mutate({ eveningReminder: v })}
            aria-label={S.eveningReminder}
            data-testid="evening-reminder"
          />
        </span>
      </div>
    </Card>
  );
}

export default function ProfilePage() {
  const me = useSignedIn();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const m = me.member;
  const tasks = useMyRectifications(Boolean(m)).data;
  const taskCount = tasks ? tasks.open + tasks.submitted : 0;
  const actions = [
    ...(taskCount > 0
      ? [{ key: 'rectifications', icon: <ToolOutlined />, label: S.rectifications.title, to: '/assessment/rectifications', extra: <Tag color={tasks!.open ? 'red' : 'orange'} data-testid="me-rectifications-count">{taskCount}</Tag> }]
      : []),
    ...(m ? [{ key: 'scores', icon: <TrophyOutlined />, label: S.myScore, to: '/scores', extra: null }] : []),
    { key: 'password', icon: <KeyOutlined />, label: S.changePassword, to: '/password', extra: null },
    { key: 'totp', icon: <SafetyOutlined />, label: S.totp, to: '/totp', extra: <Tag color={me.user.totpEnabled ? 'green' : undefined}>{me.user.totpEnabled ? S.totpOn : S.totpOff}</Tag> },
    ...(isConsoleUser(me) ? [{ key: 'console', icon: <DesktopOutlined />, label: S.toConsole, to: '/console', extra: null }] : []),
  ];
  return (
    <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
      <h1 style={{ fontSize: 20, margin: '8px 4px 0' }}>{S.profileTitle}</h1>
      <Card size="small" data-testid="profile-card">
        <Descriptions column={1} size="small" colon={false} styles={{ label: { width: 80, color: '#8c847d' } }}>
          <Descriptions.Item label={S.name}>{m?.name ?? me.user.displayName}</Descriptions.Item>
          <Descriptions.Item label={S.unit}>{m?.unitName ?? S.noUnit}</Descriptions.Item>
          <Descriptions.Item label={S.position}>{m?.position || S.none}</Descriptions.Item>
          <Descriptions.Item label={S.category}>{m ? categoryLabel(m.category) : S.none}</Descriptions.Item>
          <Descriptions.Item label={S.username}>{me.user.username}</Descriptions.Item>
          <Descriptions.Item label={S.roles}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
              {me.roles.map((g) => (
                <Tag key={`${g.role}-${g.unitId}`} style={{ marginInlineEnd: 0, whiteSpace: 'normal' }}>
                  {g.roleLabel}（{g.unitName}）
                </Tag>
              ))}
            </div>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {m && <ReminderSettings />}
      <Card size="small" title={S.security} styles={{ body: { padding: '0 12px' } }}>
        <List
          dataSource={actions}
          renderItem={(a) => (
            <List.Item onClick={() => void navigate(a.to)} style={{ cursor: 'pointer', minHeight: 52 }} extra={<RightOutlined style={{ color: '#b5aca4' }} />}>
              <span style={{ display: 'flex', alignItems: 'center', gap: 10, flex: 1 }}>
                {a.icon}
                <span style={{ flex: 1 }}>{a.label}</span>
                {a.extra}
              </span>
            </List.Item>
          )}
        />
      </Card>
      <Button danger block size="large" icon={<LogoutOutlined />} onClick={() => void signOut()} data-testid="sign-out">
        {S.signOut}
      </Button>
    </div>
  );
}
