import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Select, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined, LeftOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { templateUrl, useImport, useLearningOptions, type ImportReport, type ImportRow } from '../api';
import { S } from '../strings';

const OUTCOME_COLOR: Record<string, string> = { taken: 'green', duplicate: 'default', refused: 'red' };

function Report({ report, onlyRefused }: { report: ImportReport; onlyRefused: boolean }) {
  const rows = onlyRefused ? report.rows.filter((r) => r.outcome === 'refused') : report.rows;
  return (
    <Table<ImportRow>
      rowKey="row"
      size="small"
      dataSource={rows}
      pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      data-testid="import-rows"
      columns={[
        { title: S.row, dataIndex: 'row', width: 70 },
        { title: S.col.name, dataIndex: 'name', width: 90, render: (n: string, r) => n || r.phone },
        { title: S.col.day, dataIndex: 'day', width: 110 },
        { title: S.col.platform, dataIndex: 'platform', width: 110 },
        { title: S.outcome, dataIndex: 'outcome', width: 100, render: (o: string) => <Tag color={OUTCOME_COLOR[o]}>{(report.dryRun ? S.previewOutcomes : S.outcomes)[o] ?? o}</Tag> },
        { title: S.person, key: 'person', width: 220, render: (_, r) => (r.memberName ? `${r.memberName}（${r.unitName}）` : '—') },
        { title: S.col.studyMinutes, dataIndex: 'minutes', width: 90, align: 'right', render: (m?: number) => m ?? '—' },
        { title: S.reason, dataIndex: 'reason', render: (t?: string) => t ?? '' },
      ]}
    />
  );
}

/** Import a 学习强国 / 干部教育在线 list: template, preview, then commit, with the report row by row. */
export default function LearningImportPage() {
  const options = useLearningOptions();
  const importer = useImport();
  const [file, setFile] = useState<File | null>(null);
  const [platform, setPlatform] = useState<string | undefined>();
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [onlyRefused, setOnlyRefused] = useState(false);

  const run = async (f: File, dryRun: boolean) => {
    setError(null);
    try {
      setReport(await importer.mutateAsync({ file: f, dryRun, platform }));
    } catch (e) {
      setReport(null);
      setError(errorMessage(e));
    }
  };
  const reset = () => {
    setFile(null);
    setReport(null);
    setError(null);
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space>
        <Link to="/console/learning">
          <Button type="text" icon={<LeftOutlined />}>
            {S.toList}
          </Button>
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {S.importTitle}
        </Typography.Title>
      </Space>
      {!report || report.dryRun ? (
        <Card>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Paragraph style={{ margin: 0 }}>{S.importStep1}</Typography.Paragraph>
            <div>
              <Button icon={<DownloadOutlined />} href={templateUrl()} data-testid="import-template">
                {S.downloadTemplate}
              </Button>
            </div>
            <Typography.Paragraph style={{ margin: 0 }}>{S.importStep2}</Typography.Paragraph>
            <Space>
              <span>{S.platformOfList}</span>
              <Select
                style={{ width: 200 }}
                allowClear
                placeholder={S.platformFromFile}
                value={platform}
                onChange={(v?: string) => {
                  setPlatform(v);
                  setReport(null);
                }}
                options={(options.data?.platforms ?? []).map((p) => ({ value: p, label: p }))}
                data-testid="import-platform"
              />
            </Space>
            <div data-testid="import-upload">
              <Upload.Dragger
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                multiple={false}
                showUploadList={false}
                disabled={importer.isPending}
                beforeUpload={(f) => {
                  setFile(f);
                  void run(f, true);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{importer.isPending ? S.previewing : file ? file.name : S.uploadHint}</p>
                <p className="ant-upload-hint">{S.uploadSub}</p>
              </Upload.Dragger>
            </div>
            {error && <Alert type="error" showIcon title={error} data-testid="import-error" />}
          </Space>
        </Card>
      ) : null}
      {report && (
        <Card data-testid="import-report">
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Alert
              type={report.refused > 0 ? 'warning' : 'success'}
              showIcon
              title={(report.dryRun ? S.previewTitle : S.doneTitle)(report.taken, report.duplicate, report.refused)}
              description={S.encoding(report.format, report.encoding)}
            />
            <Space>
              {report.dryRun && file && (
                <Button type="primary" disabled={report.taken === 0} loading={importer.isPending} onClick={() => void run(file, false)} data-testid="import-commit">
                  {S.commit(report.taken)}
                </Button>
              )}
              {!report.dryRun && (
                <Button type="primary" onClick={reset}>
                  {S.another}
                </Button>
              )}
              <Switch checked={onlyRefused} onChange={setOnlyRefused} /> {S.onlyRefused}
            </Space>
            <Report report={report} onlyRefused={onlyRefused} />
          </Space>
        </Card>
      )}
    </Space>
  );
}
