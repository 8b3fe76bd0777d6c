import { Link } from 'react-router';
import { Alert, Card, Col, Row, Statistic, Table, Tag, Typography } from 'antd';
import { categoryLabel } from '../../../api/labels';
import { hasRole, roleLabels, ROSTER_READERS, useSignedIn } from '../../../api/session';
import type { Member } from '../../../api/types';
import { useUnits } from '../../../api/units';
import { useCategoryCounts, useLeadingGroup } from '../api';
import { S } from '../strings';

const SHORTCUTS = [
  { to: '/console/users', label: '账号与角色', roles: ['sysadmin', 'secadmin'] as const },
  { to: '/console/settings', label: '指标与设置', roles: ['sysadmin', 'secadmin', 'auditadmin'] as const },
  { to: '/console/audit', label: '审计日志', roles: ['auditadmin'] as const },
];

function RosterStats() {
  const units = useUnits();
  const cats = useCategoryCounts(true);
  const group = useLeadingGroup(true);
  const unitCount = units.data?.length;
  const active = units.data?.reduce((s, u) => s + u.memberCount, 0);
  return (
    <>
      <Row gutter={[16, 16]} data-testid="console-stats">
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={S.units} value={unitCount ?? '—'} suffix={S.unitsUnit} loading={units.isPending} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card>
            <Statistic title={S.activeMembers} value={active ?? '—'} suffix={S.people} loading={units.isPending} />
          </Card>
        </Col>
        {cats.counts.map((c) => (
          <Col xs={8} md={4} key={c.category}>
            <Card>
              <Statistic title={categoryLabel(c.category)} value={c.total ?? '—'} suffix={S.people} loading={cats.isPending} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={S.leadingGroup} style={{ marginTop: 16 }} extra={group.data ? <Tag>{group.data.total} {S.people}</Tag> : null}>
        <Table<Member>
          rowKey="id"
          size="small"
          loading={group.isPending}
          dataSource={group.data?.items}
          pagination={false}
          scroll={{ x: 560 }}
          data-testid="leading-group-table"
          columns={[
            { title: S.memberName, dataIndex: 'name', width: 100 },
            { title: S.leadingGroupRole, dataIndex: 'leadingGroupRole', width: 120, render: (v: string | null) => v ?? '—' },
            { title: S.memberUnit, dataIndex: 'unitName', width: 140 },
            { title: S.memberPosition, dataIndex: 'position' },
          ]}
        />
      </Card>
    </>
  );
}

export default function ConsoleHomePage() {
  const me = useSignedIn();
  const canReadRoster = hasRole(me, ...ROSTER_READERS);
  const shortcuts = SHORTCUTS.filter((s) => hasRole(me, ...s.roles));
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.welcome(me.member?.name ?? me.user.displayName)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {roleLabels(me).join('、')}
        {canReadRoster ? ` · ${S.scopeHint}` : ''}
      </Typography.Paragraph>
      {canReadRoster ? <RosterStats /> : <Alert type="info" showIcon title={S.noRosterAccess} />}
      {shortcuts.length > 0 && (
        <Card title={S.shortcuts} style={{ marginTop: 16 }}>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
            {shortcuts.map((s) => (
              <Link key={s.to} to={s.to}>
                <Tag style={{ padding: '6px 14px', fontSize: 14, cursor: 'pointer' }}>{s.label}</Tag>
              </Link>
            ))}
          </div>
        </Card>
      )}
      <Alert style={{ marginTop: 16 }} type="warning" showIcon title={S.comingModules} description={S.comingModulesText} />
    </div>
  );
}
