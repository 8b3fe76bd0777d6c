import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, DatePicker, Image, Input, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { exportUrl, fileUrl, useLearningOptions, useUnitLearning, type UnitFilter, type UnitLearning } from '../api';
import { S } from '../strings';

type OnlineRow = UnitLearning['online'][number];
type PracticeRow = UnitLearning['practice'][number];
const SHOWN = 200;

/** The clerk's list of online learning and practice in the unit subtree, with filters, export and import. */
export default function LearningConsolePage() {
  const can = useCan();
  const units = useUnits();
  const options = useLearningOptions();
  const [filter, setFilter] = useState<UnitFilter>({ month: dayjs().format('YYYY-MM') });
  const [tab, setTab] = useState('online');
  const data = useUnitLearning(filter);
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const set = (patch: Partial<UnitFilter>) => setFilter((f) => ({ ...f, ...patch }));

  const onlineCols: ColumnsType<OnlineRow> = [
    { title: S.col.day, dataIndex: 'day', width: 110 },
    { title: S.col.name, dataIndex: 'memberName', width: 90 },
    { title: S.col.unit, dataIndex: 'unitName', width: 140 },
    { title: S.col.platform, dataIndex: 'platform', width: 120 },
    { title: S.col.content, dataIndex: 'content', ellipsis: true },
    { title: S.col.measure, key: 'measure', width: 120, render: (_, r) => S.measureText(r) },
    { title: S.col.studyMinutes, dataIndex: 'studyMinutes', width: 90, align: 'right' },
    {
      title: S.col.source,
      dataIndex: 'source',
      width: 110,
      render: (s: string, r) => (
        <Space size={4}>
          {s === 'import' ? <Tag color="blue">{S.sourceImport}</Tag> : <Tag>{S.sourceSelf}</Tag>}
          {r.evidenceFileId && <Image src={fileUrl(r.evidenceFileId)} width={28} height={28} style={{ objectFit: 'cover', borderRadius: 4 }} alt={S.evidence} />}
        </Space>
      ),
    },
  ];
  const practiceCols: ColumnsType<PracticeRow> = [
    { title: S.col.day, dataIndex: 'day', width: 110 },
    { title: S.col.name, dataIndex: 'memberName', width: 90 },
    { title: S.col.unit, dataIndex: 'unitName', width: 140 },
    { title: S.col.kind, dataIndex: 'kindLabel', width: 90, render: (k: string) => <Tag color="red">{k}</Tag> },
    { title: S.col.title, dataIndex: 'title', width: 200 },
    { title: S.col.description, dataIndex: 'description', ellipsis: true },
    { title: S.col.minutes, dataIndex: 'minutes', width: 90, align: 'right' },
    {
      title: S.col.photos,
      dataIndex: 'photoFileIds',
      width: 150,
      render: (ids: number[]) => (
        <Image.PreviewGroup>
          <Space size={4} wrap>
            {ids.slice(0, 4).map((id) => (
              <Image key={id} src={fileUrl(id)} width={28} height={28} style={{ objectFit: 'cover', borderRadius: 4 }} alt={S.photoAlt} />
            ))}
          </Space>
        </Image.PreviewGroup>
      ),
    },
  ];

  const d = data.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {S.consoleTitle}
        </Typography.Title>
        <Space>
          <Button icon={<DownloadOutlined />} href={exportUrl(filter)} data-testid="learning-export">
            {S.export}
          </Button>
          {can('learning.import') && (
            <Link to="/console/learning/import">
              <Button type="primary" icon={<UploadOutlined />} data-testid="learning-import">
                {S.importBtn}
              </Button>
            </Link>
          )}
        </Space>
      </div>
      <Card size="small">
        <Space wrap>
          <TreeSelect
            aria-label={S.filterUnit}
            placeholder={S.allUnits}
            allowClear
            style={{ width: 220 }}
            treeData={tree}
            treeDefaultExpandAll
            showSearch
            treeNodeFilterProp="title"
            value={filter.unitId}
            onChange={(v?: number) => set({ unitId: v })}
          />
          <DatePicker picker="month" aria-label={S.filterMonth} value={filter.month ? dayjs(`${filter.month}-01`) : null} onChange={(v) => set({ month: v ? v.format('YYYY-MM') : undefined })} format="YYYY年M月" />
          {tab === 'online' ? (
            <Select aria-label={S.filterPlatform} placeholder={S.allPlatforms} allowClear style={{ width: 150 }} value={filter.platform} onChange={(v?: string) => set({ platform: v })} options={(options.data?.platforms ?? []).map((p) => ({ value: p, label: p }))} />
          ) : (
            <Select aria-label={S.filterKind} placeholder={S.allKinds} allowClear style={{ width: 150 }} value={filter.practiceKind} onChange={(v?: string) => set({ practiceKind: v })} options={options.data?.practiceKinds ?? []} />
          )}
          <Input.Search aria-label={S.filterName} placeholder={S.filterName} allowClear style={{ width: 160 }} onSearch={(q) => set({ q: q.trim() || undefined })} />
        </Space>
      </Card>
      <Card size="small">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'online',
              label: `${S.tabOnline}${d ? ` (${d.onlineTotal})` : ''}`,
              children: (
                <>
                  <Typography.Text type="secondary" data-testid="online-totals">
                    {d ? S.onlineTotals(d.onlineTotal, d.onlineMinutes) : ''}
                    {d && d.onlineTotal > SHOWN ? `；${S.shownFirst(SHOWN)}` : ''}
                  </Typography.Text>
                  <Table<OnlineRow> rowKey="id" size="small" style={{ marginTop: 8 }} columns={onlineCols} dataSource={d?.online} loading={data.isFetching} pagination={{ pageSize: 20, showSizeChanger: false }} data-testid="online-table" />
                </>
              ),
            },
            {
              key: 'practice',
              label: `${S.tabPractice}${d ? ` (${d.practiceTotal})` : ''}`,
              children: (
                <>
                  <Typography.Text type="secondary">
                    {d ? S.practiceTotals(d.practiceTotal, d.practiceMinutes) : ''}
                    {d && d.practiceTotal > SHOWN ? `；${S.shownFirst(SHOWN)}` : ''}
                  </Typography.Text>
                  <Table<PracticeRow> rowKey="id" size="small" style={{ marginTop: 8 }} columns={practiceCols} dataSource={d?.practice} loading={data.isFetching} pagination={{ pageSize: 20, showSizeChanger: false }} />
                </>
              ),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
