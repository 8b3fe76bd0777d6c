import { Alert, Button, Modal, Result, Space, Table, Typography, Upload } from 'antd';
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { useImportRoster, templateUrl } from '../api';
import { S } from '../strings';

/** Template download, upload, then the server's row-by-row report. */
export function ImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const importer = useImportRoster();
  const report = importer.data;
  const close = () => {
    importer.reset();
    onClose();
  };
  return (
    <Modal open={open} title={S.importTitle} onCancel={close} footer={<Button onClick={close}>{S.close}</Button>} width={720} destroyOnHidden>
      {!report ? (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ margin: 0 }}>{S.importStep1}</Typography.Paragraph>
          <Button icon={<DownloadOutlined />} href={templateUrl()} data-testid="import-template">
            {S.downloadTemplate}
          </Button>
          <Typography.Paragraph style={{ margin: 0 }}>{S.importStep2}</Typography.Paragraph>
          <div data-testid="import-upload">
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={importer.isPending}
            beforeUpload={(file) => {
              importer.mutate(file);
              return false;
            }}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{importer.isPending ? S.importing : S.uploadHint}</p>
            <p className="ant-upload-hint">{S.uploadSub}</p>
          </Upload.Dragger>
          </div>
        </Space>
      ) : (
        <div data-testid="import-result">
          {report.ok ? (
            <Result status="success" title={S.importOk(report.taken, report.total)} />
          ) : report.errors.every((e) => e.row === 0) ? (
            // A problem with the file as a whole (not a spreadsheet, empty, wrong header).
            <Alert type="error" showIcon title={S.importFileFailed} description={report.errors.flatMap((e) => e.problems).join('；')} />
          ) : (
            <>
              <Alert type="error" showIcon title={S.importFailed(report.errors.length, report.total)} style={{ marginBottom: 12 }} />
              <Table
                rowKey="row"
                size="small"
                dataSource={report.errors}
                pagination={report.errors.length > 10 ? { pageSize: 10 } : false}
                columns={[
                  { title: S.importRow, dataIndex: 'row', width: 80, render: (r: number) => (r > 0 ? r : '—') },
                  {
                    title: S.importProblems,
                    dataIndex: 'problems',
                    render: (p: string[]) => (
                      <ul style={{ margin: 0, paddingLeft: 18 }}>
                        {p.map((x) => (
                          <li key={x}>{x}</li>
                        ))}
                      </ul>
                    ),
                  },
                ]}
                data-testid="import-errors"
              />
            </>
          )}
          <Button style={{ marginTop: 12 }} onClick={() => importer.reset()}>
            {S.importAgain}
          </Button>
        </div>
      )}
    </Modal>
  );
}
