import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { Static } from 'typebox';
import type { QuotaDto } from '../../../../../server/src/modules/reflections/schemas';
import { api, errorMessage } from '../../../api/client';
import { categoryLabel } from '../../../api/labels';
import { roleLabels, useCan, useSignedIn } from '../../../api/session';
import { groupedNav, navFor } from '../../../app/nav';
import type { PendingWorkView } from '../../../../../server/src/modules/worklist/schemas';
import type { Member } from '../../../api/types';
import { useUnits } from '../../../api/units';
import { useCategoryCounts, useLeadingGroup } from '../api';
import { S } from '../strings';

/** The clerk's pending work, each count linking straight to the filtered list. */
function PendingWork({ showQuota }: { showQuota: boolean }) {
  const work = useQuery({ queryKey: ['worklist'], queryFn: () => api.get<PendingWorkView>('/worklist') });
  const quota = useQuery({ queryKey: ['reflections', 'quota', undefined, undefined], queryFn: () => api.get<Static<typeof QuotaDto>>('/reflections/quota'), enabled: showQuota });
  const below = quota.data?.items.filter((i) => !i.met).length;
  type Key = keyof typeof S.pendingItems;
  const tiles: { key: Key; to: string; value: number | undefined; loading: boolean }[] = [
    { key: 'reflections', to: '/console/reflections?status=submitted', value: work.data?.reflectionsToReview, loading: work.isPending },
    { key: 'leaves', to: '/console/sessions?tab=leaves', value: work.data?.leaveRequests, loading: work.isPending },
    { key: 'overdue', to: '/console/library/desk?overdue=1', value: work.data?.overdueLoans, loading: work.isPending },
    ...(showQuota ? [{ key: 'quota' as const, to: '/console/reflections/quota', value: below, loading: quota.isPending }] : []),
  ];
  return (
    <Card size="small" title={S.pending} style={{ marginBottom: 16 }} data-testid="pending-work">
      <Row gutter={[12, 12]}>
        {tiles.map((t) => (
          <Col xs={12} md={6} key={t.key}>
            <Link to={t.to} data-testid={`pending-${t.key}`} style={{ display: 'block', color: 'inherit' }}>
              <Card size="small" hoverable>
                <Statistic
                  title={S.pendingItems[t.key]}
                  value={t.value ?? '—'}
                  suffix={S.pendingUnit[t.key]}
                  loading={t.loading}
                  styles={{ content: { color: t.value ? RED : GREEN } }}
                />
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </Card>
  );
}

/** What this user can open, by area: the same entries as the menu (only what is built and theirs). */
function Modules() {
  const me = useSignedIn();
  const groups = groupedNav(navFor(me).filter((n) => n.path !== '/console'));
  if (groups.length === 0) return null;
  return (
    <Card title={S.modules} style={{ marginTop: 16 }} data-testid="console-modules">
      {groups.map((g) => (
        <div key={g.group ?? 'top'} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center', marginBottom: 8 }}>
          {g.group && <Typography.Text type="secondary" style={{ width: 84, flex: 'none' }}>{g.group}</Typography.Text>}
          {g.items.map((n) => (
            <Link key={n.path} to={n.path}>
              <Tag icon={n.icon} style={{ padding: '4px 10px', fontSize: 14, cursor: 'pointer' }}>
                {n.label}
              </Tag>
            </Link>
          ))}
        </div>
      ))}
    </Card>
  );
}

// ---- this month's reflection quota (GET /reflections/quota), for the clerk and the leaders

const GREEN = '#1f7a3a';
const RED = '#cf1322';
const Q = {
  title: (y: number, m: number) => `${y}年${m}月读书心得指标`,
  more: '查看详情',
  empty: '管辖范围内暂无需要上报心得的单位',
  summary: (met: number, all: number) => `${met}/${all} 个单位达标`,
  rule: (p: number) => `每月通过的心得不少于本单位干部数的 ${p}%（向上取整）`,
  unit: (u: { unitName: string; headcount: number; submitted: number; approved: number; required: number }) =>
    `${u.unitName}：干部 ${u.headcount} 人，应报 ${u.required} 篇，已提交 ${u.submitted} 篇，已通过 ${u.approved} 篇`,
};

/** One tile per unit in reach, green when its approved reflections reach ⌈percent × headcount⌉, red when not. */
function QuotaWidget() {
  // The same cache entry as the quota page's current month, so a review refreshes both.
  const quota = useQuery({ queryKey: ['reflections', 'quota', undefined, undefined], queryFn: () => api.get<Static<typeof QuotaDto>>('/reflections/quota') });
  const items = quota.data?.items ?? [];
  const met = items.filter((i) => i.met).length;
  const month = quota.data?.month;
  return (
    <Card
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="quota-widget"
      title={month ? Q.title(Number(month.slice(0, 4)), Number(month.slice(5, 7))) : Q.title(new Date().getFullYear(), new Date().getMonth() + 1)}
      extra={
        <Link to="/console/reflections/quota" data-testid="quota-widget-more">
          {Q.more}
        </Link>
      }
    >
      {quota.isPending ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : quota.isError ? (
        <Typography.Text type="secondary">{errorMessage(quota.error)}</Typography.Text>
      ) : items.length === 0 ? (
        <Typography.Text type="secondary">{Q.empty}</Typography.Text>
      ) : (
        <>
          <div style={{ display: 'flex', gap: 12, alignItems: 'baseline', flexWrap: 'wrap', marginBottom: 10 }}>
            <Typography.Text strong style={{ color: met === items.length ? GREEN : RED }} data-testid="quota-widget-summary">
              {Q.summary(met, items.length)}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {Q.rule(quota.data.percent)}
            </Typography.Text>
          </div>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(150px, 1fr))', gap: 8 }}>
            {items.map((i) => (
              <Tooltip key={i.unitId} title={Q.unit(i)}>
                <Link
                  to="/console/reflections/quota"
                  data-testid="quota-widget-unit"
                  data-met={i.met}
                  aria-label={Q.unit(i)}
                  style={{
                    display: 'flex',
                    alignItems: 'center',
                    gap: 6,
                    padding: '6px 8px',
                    borderRadius: 6,
                    border: `1px solid ${i.met ? '#b7e1c1' : '#f5c2bd'}`,
                    background: i.met ? '#f3fbf5' : '#fff5f4',
                    color: 'inherit',
                    minWidth: 0,
                  }}
                >
                  {i.met ? <CheckCircleFilled style={{ color: GREEN }} /> : <CloseCircleFilled style={{ color: RED }} />}
                  <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontSize: 13 }}>{i.unitName}</span>
                  <span style={{ fontWeight: 600, fontSize: 13, color: i.met ? GREEN : RED, fontVariantNumeric: 'tabular-nums' }}>
                    {i.approved}/{i.required}
                  </span>
                </Link>
              </Tooltip>
            ))}
          </div>
        </>
      )}
    </Card>
  );
}

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
  const can = useCan();
  const canReadRoster = can('org.viewRoster');
  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.welcome(me.member?.name ?? me.user.displayName)}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {roleLabels(me).join('、')}
        {canReadRoster ? ` · ${S.scopeHint}` : ''}
      </Typography.Paragraph>
      {can('worklist.pending') && <PendingWork showQuota={can('reflections.viewReview')} />}
      {can('reflections.viewReview') && <QuotaWidget />}
      {canReadRoster ? <RosterStats /> : <Alert type="info" showIcon title={S.noRosterAccess} />}
      <Modules />
    </div>
  );
}
