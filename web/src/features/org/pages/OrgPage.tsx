import { useMemo, useState } from 'react';
import { Button, Card, Col, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { categoryLabel, CATEGORY_LABELS } from '../../../api/labels';
import { useCan } from '../../../api/session';
import type { Category, Member, MemberFilter } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { exportUrl, useMembers, useSetMemberStatus } from '../api';
import { ImportModal } from '../components/ImportModal';
import { MemberDrawer } from '../components/MemberDrawer';
import { UnitTree } from '../components/UnitTree';
import { S } from '../strings';

type Status = NonNullable<MemberFilter['status']>;

const STATUS_OPTIONS = (Object.keys(S.status) as Status[]).map((value) => ({ value, label: S.status[value] }));
const CATEGORY_OPTIONS = [{ value: '', label: S.allCategories }, ...Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }))];

export default function OrgPage() {
  const canWrite = useCan()('org.editRoster');
  const [filter, setFilter] = useState<MemberFilter>({ status: 'active', page: 1, pageSize: 20 });
  const [drawer, setDrawer] = useState<{ open: boolean; member?: Member }>({ open: false });
  const [importOpen, setImportOpen] = useState(false);
  const members = useMembers(filter);
  const setStatus = useSetMemberStatus();
  const patch = (p: Partial<MemberFilter>) => setFilter((f) => ({ ...f, page: 1, ...p }));

  const columns = useMemo<ColumnsType<Member>>(() => {
    const cols: ColumnsType<Member> = [
      { title: S.col.name, dataIndex: 'name', width: 80, fixed: 'left' },
      { title: S.col.unit, dataIndex: 'unitName', width: 120, ellipsis: true },
      { title: S.col.position, dataIndex: 'position', ellipsis: true },
      { title: S.col.category, dataIndex: 'category', width: 110, render: (c: string, m) => `${categoryLabel(c)}${m.partyMember && c !== 'party' ? `·${S.col.party}` : ''}` },
      { title: S.col.phone, dataIndex: 'phone', width: 115, render: (v: string | null) => v ?? '—' },
      { title: S.col.leadingGroup, dataIndex: 'leadingGroupRole', width: 90, render: (v: string | null, m) => (m.leadingGroup ? <Tag color="red">{v ?? S.yes}</Tag> : '—') },
      { title: S.col.account, dataIndex: 'username', width: 90, ellipsis: true, render: (v: string | null) => v ?? '—' },
      { title: S.col.status, dataIndex: 'status', width: 76, render: (s: string, m) => (s === 'left' ? <Tag title={m.leftAt ?? undefined}>{S.left}</Tag> : <Tag color="green">{S.active}</Tag>) },
    ];
    if (canWrite) {
      cols.push({
        title: S.col.actions,
        key: 'actions',
        width: 130,
        fixed: 'right',
        render: (_, m) => (
          <Space size={4}>
            <Button type="link" size="small" onClick={() => setDrawer({ open: true, member: m })}>
              {S.edit}
            </Button>
            <Popconfirm
              title={m.status === 'left' ? S.rejoinConfirm(m.name) : S.leaveConfirm(m.name)}
              onConfirm={() => setStatus.mutateAsync({ member: m, to: m.status === 'left' ? 'rejoin' : 'leave' }).then(() => toastSuccess(S.statusChanged))}
            >
              <Button type="link" size="small" danger={m.status !== 'left'}>
                {m.status === 'left' ? S.rejoin : S.leave}
              </Button>
            </Popconfirm>
          </Space>
        ),
      });
    }
    return cols;
  }, [canWrite, setStatus]);

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.title}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={7} xl={5}>
          <Card title={S.units} size="small">
            <UnitTree selected={filter.unitId} onSelect={(unitId) => patch({ unitId })} canWrite={canWrite} />
          </Card>
        </Col>
        <Col xs={24} lg={17} xl={19}>
          <Card title={S.roster} size="small" extra={members.data ? <Typography.Text type="secondary">{S.total(members.data.total)}</Typography.Text> : null}>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
              <Input.Search
                aria-label={S.searchLabel}
                placeholder={S.searchPlaceholder}
                allowClear
                enterButton
                onSearch={(q) => patch({ q: q.trim() || undefined })}
                style={{ width: 250, maxWidth: '100%' }}
                data-testid="roster-search"
              />
              <Select aria-label={S.statusLabel} value={filter.status} options={STATUS_OPTIONS} onChange={(status: Status) => patch({ status })} style={{ width: 100 }} />
              <Select
                aria-label={S.categoryLabel}
                value={filter.category ?? ''}
                options={CATEGORY_OPTIONS}
                onChange={(c: string) => patch({ category: (c || undefined) as Category | undefined })}
                style={{ width: 120 }}
              />
              {canWrite && (
                <>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ open: true })} data-testid="member-add">
                    {S.addMember}
                  </Button>
                  <Button icon={<UploadOutlined />} onClick={() => setImportOpen(true)} data-testid="member-import">
                    {S.import}
                  </Button>
                </>
              )}
              <Button icon={<DownloadOutlined />} href={exportUrl(filter)} data-testid="member-export">
                {S.export}
              </Button>
            </div>
            <Table<Member>
              data-testid="roster-table"
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={members.data?.items}
              loading={members.isFetching}
              scroll={{ x: 880 }}
              pagination={{
                current: filter.page,
                pageSize: filter.pageSize,
                total: members.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [20, 50, 100],
                showTotal: (t) => S.total(t),
                onChange: (page, pageSize) => setFilter((f) => ({ ...f, page: pageSize !== f.pageSize ? 1 : page, pageSize })),
              }}
            />
          </Card>
        </Col>
      </Row>
      <MemberDrawer
        open={drawer.open}
        member={drawer.member}
        defaultUnitId={filter.unitId}
        onClose={() => setDrawer({ open: false })}
        onReloaded={(fresh) => setDrawer({ open: true, member: fresh })}
      />
      <ImportModal open={importOpen} onClose={() => setImportOpen(false)} />
    </div>
  );
}
