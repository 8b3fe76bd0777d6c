import { useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import type { BookImportRecord } from '../../../api/types';
import { importTemplateUrl, useImportBooks, useLocations } from '../api';
import { S } from '../strings';

const OUTCOME_COLOR: Record<string, string> = { taken: 'green', merged: 'blue', unchanged: 'default', refused: 'red' };

/** 图书导入: a MARC / MARCXML / Excel file in, the per-record report out. */
export default function ImportPage() {
  const locations = useLocations();
  const importer = useImportBooks();
  const [locationId, setLocationId] = useState<number | null>(null);
  const [fileName, setFileName] = useState('');
  const [onlyRefused, setOnlyRefused] = useState(false);
  const r = importer.data;

  const columns: ColumnsType<BookImportRecord> = [
    { title: S.ic.index, dataIndex: 'index', width: 70, align: 'right' },
    { title: S.ic.outcome, dataIndex: 'outcome', width: 80, render: (o: string) => <Tag color={OUTCOME_COLOR[o]}>{S.outcome[o] ?? o}</Tag> },
    { title: S.ic.title, dataIndex: 'title', render: (t?: string) => t ?? '—' },
    { title: S.ic.isbn, dataIndex: 'isbn13', width: 140, render: (t?: string) => t ?? '—' },
    { title: S.ic.copies, dataIndex: 'copiesAdded', width: 80, align: 'right' },
    {
      title: S.ic.reason,
      key: 'reason',
      render: (_, rec) => (
        <>
          {rec.reason && <div style={{ color: '#cf1322' }}>{rec.reason}</div>}
          {rec.warnings.map((w) => (
            <div key={w} style={{ color: '#d46b08', fontSize: 12 }}>
              {w}
            </div>
          ))}
        </>
      ),
    },
  ];

  return (
    <div>
      <Typography.Title level={3} style={{ margin: '0 0 12px' }}>
        {S.importTitle}
      </Typography.Title>
      <Card size="small" style={{ marginBottom: 12 }}>
        <Typography.Paragraph>{S.importIntro}</Typography.Paragraph>
        <Form layout="vertical">
          <Form.Item label={S.importLocation} style={{ marginBottom: 12 }}>
            <Space wrap>
              <Select
                style={{ width: 320 }}
                value={locationId ?? 0}
                onChange={(v: number) => setLocationId(v || null)}
                options={[{ value: 0, label: S.importLocationNone }, ...(locations.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.unitName}）` }))]}
                aria-label={S.importLocation}
                data-testid="import-location"
              />
              <Button icon={<DownloadOutlined />} href={importTemplateUrl()} data-testid="import-template">
                {S.importTemplate}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <div data-testid="import-upload">
          <Upload.Dragger
            accept=".mrc,.iso,.marc,.xml,.xlsx"
            multiple={false}
            showUploadList={false}
            disabled={importer.isPending}
            beforeUpload={(file) => {
              setFileName(file.name);
              importer.mutate({ file, locationId: locationId ?? undefined });
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{importer.isPending ? S.importing : S.importDrop}</p>
            <p className="ant-upload-hint">{S.importDropHint}</p>
          </Upload.Dragger>
        </div>
      </Card>
      {r && (
        <Card
          size="small"
          title={fileName}
          extra={
            <Checkbox checked={onlyRefused} onChange={(e) => setOnlyRefused(e.target.checked)}>
              {S.importOnlyRefused}
            </Checkbox>
          }
          data-testid="import-result"
        >
          <Alert type={r.refused > 0 ? 'warning' : 'success'} showIcon title={S.importSummary(r)} style={{ marginBottom: 12 }} data-testid="import-summary" />
          <Table<BookImportRecord>
            data-testid="import-records"
            rowKey="index"
            size="small"
            columns={columns}
            dataSource={onlyRefused ? r.records.filter((x) => x.outcome === 'refused') : r.records}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
          />
        </Card>
      )}
    </div>
  );
}
