import { useMemo, useState } from 'react';
import { Alert, Button, Card, Progress, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, FileWordOutlined, FileZipOutlined } from '@ant-design/icons';
import { useCan } from '../../../api/session';
import dayjs from 'dayjs';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { downloadUrl, evidenceUrl, exchangeUrl, useBuild, useCreations, useStartBuild, useTag, type CreationRow } from '../api';
import { S } from '../strings';

/** Other creations: tags on the year's records, each creation's evidence from them. */
function Creations({ year, unitId }: { year: number; unitId?: number }) {
  const can = useCan();
  const editable = can('archive.tagCreations');
  const q = useCreations(year, unitId);
  const tag = useTag();
  const creations = q.data?.creations ?? [];
  return (
    <Card size="small" title={S.creations}>
      <Typography.Paragraph type="secondary">{S.creationsHelp}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        {creations.map((c) => (
          <Button key={c} size="small" icon={<DownloadOutlined />} href={evidenceUrl(year, c, unitId)}>
            {S.evidence(c)}（{(q.data?.rows ?? []).filter((r) => r.creations.includes(c)).length}）
          </Button>
        ))}
      </Space>
      <Table<CreationRow>
        rowKey={(r) => `${r.entity}:${r.id}`}
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.rows ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        columns={[
          { title: S.col.day, dataIndex: 'day', width: 110 },
          { title: S.col.kind, dataIndex: 'entityLabel', width: 90, render: (k: string) => <Tag>{k}</Tag> },
          { title: S.col.title, dataIndex: 'title', ellipsis: true },
          { title: S.col.unit, dataIndex: 'unitName', width: 140 },
          {
            title: S.col.tags,
            key: 'tags',
            width: 320,
            render: (_, r) =>
              editable ? (
                <Select
                  mode="multiple"
                  size="small"
                  style={{ width: '100%' }}
                  value={r.creations}
                  options={creations.map((c) => ({ value: c, label: c }))}
                  onChange={(v: string[]) => tag.mutateAsync({ entity: r.entity, id: r.id, creations: v }).then(() => toastSuccess(S.saved)).catch(toastError)}
                  aria-label={`${r.title} ${S.col.tags}`}
                />
              ) : (
                r.creations.map((c) => <Tag key={c}>{c}</Tag>)
              ),
          },
        ]}
      />
    </Card>
  );
}

/** One click: the year's archive built on the server with progress, then downloaded. */
export default function ArchivePage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [buildId, setBuildId] = useState<string | null>(null);
  const [joined, setJoined] = useState(false);
  const start = useStartBuild(year);
  const build = useBuild(buildId);
  const b = build.data;
  const can = useCan();
  return (
    <Card title={S.title}>
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">{S.intro}</Typography.Paragraph>
        <Space wrap>
          <TreeSelect style={{ width: 260 }} treeData={tree} value={unitId ?? tree[0]?.value} onChange={(v) => setUnitId(v)} treeDefaultExpandAll placeholder={S.unit} />
          <Select value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: S.year(y) }))} style={{ width: 120 }} />
          <Button
            type="primary"
            icon={<FileZipOutlined />}
            loading={start.isPending || b?.status === 'building'}
            onClick={() =>
              start
                .mutateAsync(unitId ?? tree[0]?.value)
                .then((r) => {
                  setBuildId(r.id);
                  setJoined(Boolean(r.joined));
                })
                .catch(toastError)
            }
            data-testid="archive-build"
          >
            {S.build}
          </Button>
        </Space>
        {joined && b?.status === 'building' && <Alert type="info" showIcon message={S.joined} />}
        {b && (
          <div data-testid="archive-progress">
            <Progress percent={Math.round((b.done / Math.max(1, b.total)) * 100)} status={b.status === 'failed' ? 'exception' : b.status === 'done' ? 'success' : 'active'} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {b.status === 'building' ? `${S.building(b.done, b.total)}\u3000${b.current}` : b.status === 'done' ? `${S.done}（${S.size(b.bytes)}）` : S.failed}
            </Typography.Text>
          </div>
        )}
        {b?.status === 'done' && (
          <Button icon={<DownloadOutlined />} href={downloadUrl(b.id)} data-testid="archive-download">
            {S.download}
          </Button>
        )}
        {can('archive.exchangePack') && (
          <Button icon={<FileWordOutlined />} href={exchangeUrl(year, unitId ?? tree[0]?.value)} data-testid="exchange-pack">
            {S.exchange}
          </Button>
        )}
      </Space>
      <div style={{ marginTop: 16 }}>
        <Creations year={year} unitId={unitId ?? tree[0]?.value} />
      </div>
    </Card>
  );
}
