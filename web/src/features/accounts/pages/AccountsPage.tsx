import { useMemo, useState } from 'react';
import { Alert, Button, Card, Modal, Space, Table, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, UserAddOutlined } from '@ant-design/icons';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError } from '../../../components/feedback';
import { PublicUrlWarning } from '../../../components/PublicUrlWarning';
import { downloadSlips, useBulkCreate, usePending, type BulkResult } from '../api';
import { S } from '../strings';

export default function AccountsPage() {
  const can = useCan();
  const [unitId, setUnitId] = useState<number | undefined>();
  const [selected, setSelected] = useState<number[]>([]);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [downloading, setDownloading] = useState<'pdf' | 'xlsx' | null>(null);
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const pending = usePending(unitId);
  const bulk = useBulkCreate();
  const items = pending.data?.items ?? [];
  const mayCreate = can('accounts.bulkCreate');

  const run = (memberIds?: number[]) => {
    const n = memberIds?.length ?? items.length;
    Modal.confirm({
      title: S.confirmTitle,
      content: S.confirmBody(n),
      okText: S.ok,
      cancelText: S.cancel,
      onOk: () =>
        bulk
          .mutateAsync(memberIds ? { scope: 'members', memberIds } : unitId ? { scope: 'unit', unitId } : { scope: 'all' })
          .then((r) => {
            setResult(r);
            setSelected([]);
          })
          .catch(toastError),
    });
  };

  const slips = async (format: 'pdf' | 'xlsx') => {
    if (!result) return;
    setDownloading(format);
    try {
      const stamp = new Date().toISOString().slice(0, 10);
      await downloadSlips({ format, accounts: result.created.map((c) => ({ userId: c.userId, password: c.password })) }, format === 'pdf' ? `账号开通凭条-${stamp}.pdf` : `账号开通名单-${stamp}.xlsx`);
    } catch (e) {
      toastError(e);
    } finally {
      setDownloading(null);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PublicUrlWarning />
      <Typography.Title level={4} style={{ margin: 0 }}>
        {S.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {S.intro}
      </Typography.Paragraph>

      {result && !result.ok && (
        <Alert
          type="error"
          showIcon
          data-testid="accounts-refused"
          title={S.refusedTitle}
          description={
            <Table
              size="small"
              rowKey="memberId"
              pagination={false}
              dataSource={result.errors}
              columns={[
                { title: S.col.name, dataIndex: 'name', width: 100 },
                { title: S.col.unit, dataIndex: 'unitName', width: 160 },
                { title: S.col.problems, dataIndex: 'problems', render: (p: string[]) => p.join('；') },
              ]}
            />
          }
        />
      )}

      {result?.ok && (
        <Card data-testid="accounts-created" title={result.created.length ? S.createdTitle(result.created.length, result.skipped) : S.nothingNew}>
          {result.created.length > 0 && (
            <Space orientation="vertical" size={12} style={{ width: '100%' }}>
              <Alert type="warning" showIcon title={S.createdNote} />
              <Typography.Text>
                {S.signInUrl}：<Typography.Text copyable>{result.signInUrl}</Typography.Text>
              </Typography.Text>
              <Space wrap>
                <Button type="primary" icon={<DownloadOutlined />} loading={downloading === 'pdf'} onClick={() => void slips('pdf')} data-testid="slips-pdf">
                  {S.slipsPdf}
                </Button>
                <Button icon={<DownloadOutlined />} loading={downloading === 'xlsx'} onClick={() => void slips('xlsx')} data-testid="slips-xlsx">
                  {S.slipsXlsx}
                </Button>
              </Space>
              <Table
                size="small"
                rowKey="userId"
                dataSource={result.created}
                pagination={{ pageSize: 20, showSizeChanger: false }}
                scroll={{ x: 560 }}
                columns={[
                  { title: S.col.name, dataIndex: 'name', width: 100 },
                  { title: S.col.unit, dataIndex: 'unitName', width: 160 },
                  { title: S.col.username, dataIndex: 'username', width: 140 },
                  { title: S.col.password, dataIndex: 'password', width: 140, render: (p: string) => <Typography.Text code>{p}</Typography.Text> },
                ]}
              />
            </Space>
          )}
        </Card>
      )}

      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <TreeSelect
            aria-label={S.unitFilter}
            placeholder={S.allUnits}
            allowClear
            style={{ width: 260 }}
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            value={unitId}
            onChange={(v) => {
              setUnitId(v ?? undefined);
              setSelected([]);
            }}
          />
          {pending.data && <Typography.Text data-testid="accounts-pending-count">{S.pendingCount(items.length, pending.data.withAccount)}</Typography.Text>}
          {mayCreate && items.length > 0 && (
            <Button type="primary" icon={<UserAddOutlined />} loading={bulk.isPending} onClick={() => run()} data-testid="accounts-create-all">
              {S.createAll(items.length)}
            </Button>
          )}
          {mayCreate && selected.length > 0 && (
            <Button icon={<UserAddOutlined />} loading={bulk.isPending} onClick={() => run(selected)} data-testid="accounts-create-selected">
              {S.createSelected(selected.length)}
            </Button>
          )}
        </Space>
        <Table
          size="small"
          rowKey="id"
          loading={pending.isLoading}
          dataSource={items}
          locale={{ emptyText: S.none }}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          scroll={{ x: 560 }}
          rowSelection={mayCreate ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
          columns={[
            { title: S.col.name, dataIndex: 'name', width: 100 },
            { title: S.col.unit, dataIndex: 'unitName', width: 160 },
            { title: S.col.phone, dataIndex: 'phone', width: 130, render: (p: string | null) => p ?? '—' },
            { title: S.col.username, dataIndex: 'username', width: 140 },
          ]}
        />
      </Card>
    </Space>
  );
}
