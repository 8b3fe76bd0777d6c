import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, AutoComplete, Button, Card, DatePicker, Descriptions, Drawer, Form, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, FilterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { AUDIT_ACTIONS } from '../../../../../server/src/platform/audit-labels';
import type { AuditEntry, AuditFilter } from '../../../api/types';
import { useCan } from '../../../api/session';
import { auditExportUrl, useAudit, useVerifyAudit } from '../api';
import { S } from '../strings';

interface FilterForm {
  range?: [Dayjs | null, Dayjs | null] | null;
  username?: string;
  action?: string;
  outcome?: AuditFilter['outcome'] | '';
}

const OUTCOME_COLORS: Record<string, string> = { success: 'green', failure: 'orange', denied: 'red' };
const ACTION_OPTIONS = Object.entries(AUDIT_ACTIONS).map(([code, label]) => ({ value: code, label: `${label}（${code}）`, search: `${label} ${code}` }));

/**
 * Business pages an audited object has, and the permission that opens each. The audit
 * administrator holds none of them (三员分立), so for them the object links to its own
 * history in this log; a viewer who may open the page also gets the page.
 */
const OBJECT_PAGES: Record<string, { to: (id: string) => string; action: string }> = {
  reflection: { to: (id) => `/console/reflections/${id}`, action: 'reflections.viewReview' },
  book: { to: (id) => `/library/books/${id}`, action: 'library.viewCatalog' },
  seminar: { to: (id) => `/console/seminars/${id}`, action: 'seminars.list' },
  inspection: { to: (id) => `/console/assessment/inspections/${id}`, action: 'assessment.viewInspections' },
  rectification: { to: (id) => `/assessment/rectifications/${id}`, action: 'assessment.viewRectifications' },
  announcement: { to: (id) => `/announcements/${id}`, action: 'display.publishAnnouncements' },
};

const when = (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm:ss');

function Who({ a }: { a: AuditEntry }) {
  if (!a.username && !a.actorName) return <Typography.Text type="secondary">{S.nobody}</Typography.Text>;
  return (
    <div style={{ lineHeight: 1.3 }} data-testid="audit-who">
      <div>{a.actorName ?? a.username}</div>
      <div style={{ color: '#8c847d', fontSize: 12 }}>{[a.actorUnit, a.actorName && a.username ? a.username : null].filter(Boolean).join(' · ') || '—'}</div>
    </div>
  );
}

function What({ a, onHistory }: { a: AuditEntry; onHistory: (entity: string, id: string) => void }) {
  if (!a.entity) return <span>—</span>;
  const name = `${a.entityLabel ?? a.entity}${a.entityId ? ` #${a.entityId}` : ''}`;
  if (!a.entityId) return <span>{name}</span>;
  return (
    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onHistory(a.entity!, a.entityId!)} title={S.objectHistory} data-testid="audit-object">
      {name}
    </Button>
  );
}

export default function AuditPage() {
  const [form] = Form.useForm<FilterForm>();
  const [params, setParams] = useSearchParams();
  const [filter, setFilter] = useState<AuditFilter>(() => ({ page: 1, pageSize: 50, entity: params.get('entity') || undefined, entityId: params.get('entityId') || undefined }));
  const [open, setOpen] = useState<AuditEntry | null>(null);
  const audit = useAudit(filter);
  const verify = useVerifyAudit();
  const can = useCan();
  const phone = Grid.useBreakpoint().md === false;
  // On a phone the filters fold away behind a button, so the records come first.
  const [filtersOpen, setFiltersOpen] = useState(false);

  const apply = (v: FilterForm) =>
    setFilter((f) => ({
      pageSize: f.pageSize,
      page: 1,
      entity: f.entity,
      entityId: f.entityId,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
      username: v.username?.trim() || undefined,
      action: v.action?.trim() || undefined,
      outcome: v.outcome || undefined,
    }));
  const showHistory = (entity: string, entityId: string) => {
    setOpen(null);
    setParams({ entity, entityId }, { replace: true });
    setFilter((f) => ({ page: 1, pageSize: f.pageSize, entity, entityId }));
    form.resetFields();
  };
  const clearObject = () => {
    setParams({}, { replace: true });
    setFilter((f) => ({ ...f, page: 1, entity: undefined, entityId: undefined }));
  };

  const columns: ColumnsType<AuditEntry> = [
    { title: S.col.at, dataIndex: 'at', width: 160, render: (v: string) => when(v) },
    {
      title: S.col.action,
      key: 'action',
      render: (_, a) => (
        <span data-testid="audit-action" title={a.action}>
          {a.actionLabel}
        </span>
      ),
    },
    { title: S.col.who, key: 'who', width: 170, render: (_, a) => <Who a={a} /> },
    { title: S.col.entity, key: 'entity', width: 150, render: (_, a) => <What a={a} onHistory={showHistory} /> },
    { title: S.col.outcome, dataIndex: 'outcome', width: 80, render: (v: string, a) => <Tag color={OUTCOME_COLORS[v]}>{a.outcomeLabel}</Tag> },
    { title: S.col.ip, dataIndex: 'ip', width: 130, render: (v: string | null) => v ?? '—' },
    {
      title: '',
      key: 'more',
      width: 70,
      render: (_, a) => (
        <Button size="small" onClick={() => setOpen(a)} data-testid="audit-details">
          {S.details}
        </Button>
      ),
    },
  ];

  const page = open && open.entity && open.entityId ? OBJECT_PAGES[open.entity] : undefined;
  let detail: string | null = open?.detail ?? null;
  try {
    if (detail) detail = JSON.stringify(JSON.parse(detail), null, 2);
  } catch {
    /* shown as stored */
  }

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{S.intro}</Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16, display: phone && !filtersOpen ? 'none' : undefined }}>
        <Form form={form} layout={phone ? 'vertical' : 'inline'} onFinish={apply} style={{ rowGap: 8 }} data-testid="audit-filters">
          <Form.Item label={S.dateRange} name="range">
            <DatePicker.RangePicker allowEmpty={[true, true]} style={phone ? { width: '100%' } : undefined} />
          </Form.Item>
          <Form.Item label={S.username} name="username">
            <Input allowClear style={{ width: phone ? '100%' : 130 }} />
          </Form.Item>
          <Form.Item label={S.action} name="action">
            <AutoComplete
              allowClear
              placeholder={S.actionPlaceholder}
              style={{ width: phone ? '100%' : 230 }}
              options={ACTION_OPTIONS}
              filterOption={(input, o) => Boolean(o && (o as (typeof ACTION_OPTIONS)[number]).search.toLowerCase().includes(input.toLowerCase()))}
              data-testid="audit-action-filter"
            />
          </Form.Item>
          <Form.Item label={S.outcome} name="outcome" initialValue="">
            <Select style={{ width: phone ? '100%' : 110 }} options={[{ value: '', label: S.allOutcomes }, ...Object.entries(S.outcomes).map(([value, label]) => ({ value, label }))]} />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {S.search}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  setParams({}, { replace: true });
                  setFilter((f) => ({ page: 1, pageSize: f.pageSize }));
                }}
              >
                {S.reset}
              </Button>
            </Space>
          </Form.Item>
        </Form>
      </Card>
      {filter.entity && filter.entityId && (
        <Alert
          style={{ marginBottom: 12 }}
          type="info"
          showIcon
          data-testid="audit-object-filter"
          title={S.objectFilter(audit.data?.items[0]?.entityLabel ?? filter.entity, filter.entityId)}
          action={
            <Button size="small" onClick={clearObject}>
              {S.showAll}
            </Button>
          }
        />
      )}
      <Card
        size="small"
        title={audit.data ? S.total(audit.data.total) : S.title}
        extra={
          <Space wrap>
            {phone && (
              <Button icon={<FilterOutlined />} onClick={() => setFiltersOpen((x) => !x)} data-testid="audit-filters-toggle">
                {S.filters}
              </Button>
            )}
            {can('admin.viewAudit') && (
              <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
                {S.verify}
              </Button>
            )}
            {can('admin.viewAudit') && (
              <Button icon={<DownloadOutlined />} href={auditExportUrl(filter)} data-testid="audit-export">
                {S.export}
              </Button>
            )}
          </Space>
        }
      >
        {verify.data && (
          <Alert
            data-testid="audit-verify-result"
            style={{ marginBottom: 12 }}
            showIcon
            closable={{ onClose: () => verify.reset() }}
            type={verify.data.ok ? 'success' : 'error'}
            title={verify.data.ok ? S.verifyOk(verify.data.count, verify.data.checkpoints.checked) : verify.data.brokenAt !== undefined ? S.verifyBroken(verify.data.brokenAt, verify.data.reason) : S.verifyCheckpoints(verify.data.checkpoints.problems)}
          />
        )}
        {phone ? (
          <div data-testid="audit-cards" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
            {(audit.data?.items ?? []).map((a) => (
              <div key={a.id} data-testid="audit-card" style={{ border: '1px solid #f0ece7', borderRadius: 8, padding: '10px 12px' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'baseline' }}>
                  <span style={{ fontWeight: 600 }} data-testid="audit-action">
                    {a.actionLabel}
                  </span>
                  <Tag color={OUTCOME_COLORS[a.outcome]} style={{ marginInlineEnd: 0 }}>
                    {a.outcomeLabel}
                  </Tag>
                </div>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8, marginTop: 4, fontSize: 13 }}>
                  <Who a={a} />
                  <What a={a} onHistory={showHistory} />
                </div>
                <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginTop: 4 }}>
                  <span style={{ color: '#8c847d', fontSize: 12 }}>{when(a.at)}</span>
                  <Button size="small" onClick={() => setOpen(a)} data-testid="audit-details">
                    {S.details}
                  </Button>
                </div>
              </div>
            ))}
          </div>
        ) : (
          <Table<AuditEntry>
            data-testid="audit-table"
            rowKey="id"
            size="small"
            columns={columns}
            dataSource={audit.data?.items}
            loading={audit.isFetching}
            tableLayout="fixed"
            pagination={{
              current: filter.page,
              pageSize: filter.pageSize,
              total: audit.data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (t) => S.total(t),
              onChange: (page, pageSize) => setFilter((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
            }}
          />
        )}
      </Card>
      <Drawer open={open !== null} onClose={() => setOpen(null)} title={open ? `${open.actionLabel} · ${S.record(open.id)}` : ''} size={phone ? 360 : 560} data-testid="audit-drawer">
        {open && (
          <div data-testid="audit-raw">
            <Descriptions column={1} size="small" bordered layout={phone ? 'vertical' : 'horizontal'}>
              <Descriptions.Item label={S.col.at}>{when(open.at)}</Descriptions.Item>
              <Descriptions.Item label={S.raw.action}>
                <code data-testid="audit-raw-action">{open.action}</code>
              </Descriptions.Item>
              <Descriptions.Item label={S.raw.user}>{open.username ? `${open.username}${open.userId ? `（#${open.userId}）` : ''}` : '—'}</Descriptions.Item>
              <Descriptions.Item label={S.col.ip}>{open.ip ?? '—'}</Descriptions.Item>
              <Descriptions.Item label={S.raw.entity}>{open.entity ? `${open.entity}${open.entityId ? ` #${open.entityId}` : ''}` : '—'}</Descriptions.Item>
              {open.entity && open.entityId && (
                <Descriptions.Item label={S.raw.links}>
                  <Space wrap>
                    <Button size="small" onClick={() => showHistory(open.entity!, open.entityId!)} data-testid="audit-history">
                      {S.objectHistory}
                    </Button>
                    {page && can(page.action) && (
                      <Link to={page.to(open.entityId)} data-testid="audit-page-link">
                        {S.openPage}
                      </Link>
                    )}
                  </Space>
                </Descriptions.Item>
              )}
              <Descriptions.Item label={S.raw.outcome}>
                <Typography.Text code>{open.outcome}</Typography.Text>
              </Descriptions.Item>
              <Descriptions.Item label={S.col.detail}>
                {detail ? (
                  <pre style={{ margin: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 12 }} data-testid="audit-raw-detail">
                    {detail}
                  </pre>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={S.col.hash}>
                <Typography.Text style={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-all' }}>{open.hash}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </div>
        )}
      </Drawer>
    </div>
  );
}
