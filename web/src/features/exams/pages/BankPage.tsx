import { useState } from 'react';
import { Alert, Button, Card, Input, List, Select, Space, Table, Tag, Upload } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { can, useSignedIn } from '../../../api/session';
import { toastError } from '../../../components/feedback';
import { exportUrl, useCategories, useImportQuestions, useQuestions, type ImportReport, type Question } from '../api';
import { KeyCorrection, QuestionEditor } from '../components/QuestionEditor';
import { S } from '../strings';

const keyOf = (q: Question) =>
  q.type === 'single' || q.type === 'multiple'
    ? q.options.filter((o) => o.fraction > 0).map((o) => o.key).join('')
    : q.type === 'truefalse'
      ? q.truth
        ? S.right
        : S.wrong
      : q.type === 'fill'
        ? q.accepted.map((a) => a.text).join(' / ')
        : q.reference.slice(0, 20);

export default function BankPage() {
  const me = useSignedIn();
  const cats = useCategories();
  const [categoryId, setCategoryId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuestions({ q: q || undefined, categoryId, page });
  const imp = useImportQuestions();
  const [report, setReport] = useState<ImportReport | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [fixing, setFixing] = useState<number | null>(null);
  const manage = can(me, 'exams.manageBank');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Select style={{ width: 220 }} allowClear placeholder={S.allCategories} value={categoryId} onChange={(v) => (setCategoryId(v), setPage(1))} options={(cats.data ?? []).map((c) => ({ value: c.id, label: `${c.path}（${c.questionCount}）` }))} />
          <Input.Search style={{ width: 320 }} placeholder={S.search} allowClear onSearch={(v) => (setQ(v), setPage(1))} data-testid="bank-search" />
          {(['gift', 'aiken', 'xlsx'] as const).map((f) => (
            <Button key={f} icon={<DownloadOutlined />} href={exportUrl(f, categoryId)}>
              {S.export} {f === 'xlsx' ? 'Excel' : f.toUpperCase()}
            </Button>
          ))}
          {manage && (
            <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="question-new">
              {S.newQuestion}
            </Button>
          )}
          {manage && (
            <Upload
              showUploadList={false}
              beforeUpload={(file) => {
                imp.mutateAsync({ file, categoryId }).then(setReport, toastError);
                return false;
              }}
            >
              <Button type="primary" icon={<UploadOutlined />} loading={imp.isPending} data-testid="bank-import">
                {S.importButton}
              </Button>
            </Upload>
          )}
        </Space>
        <div style={{ color: '#8c847d', fontSize: 12, marginTop: 8 }}>{S.importHint}</div>
      </Card>
      {report && (
        <Alert
          type={report.refused.length ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => setReport(null)}
          message={S.importResult(report.taken, report.refused.length)}
          data-testid="import-report"
          description={report.refused.length ? <List size="small" dataSource={report.refused} renderItem={(r) => <List.Item>{`${S.line(r.line)}：${r.reason}`}</List.Item>} /> : undefined}
        />
      )}
      <Table<Question>
        rowKey="id"
        size="small"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showTotal: (t) => `共 ${t} 题` }}
        columns={[
          { title: S.col.stem, dataIndex: 'stem', render: (s: string, r) => <span title={r.explanation}>{s.replace(/<[^>]+>/g, '').slice(0, 80)}</span> },
          { title: S.col.type, dataIndex: 'type', width: 70, render: (t: string) => <Tag>{S.qType[t]}</Tag> },
          { title: S.col.category, dataIndex: 'categoryName', width: 120 },
          { title: S.col.key, key: 'key', width: 120, render: (_: unknown, r) => keyOf(r) },
          { title: S.col.difficulty, dataIndex: 'difficulty', width: 60 },
          { title: S.col.version, dataIndex: 'versionNo', width: 60, render: (v: number) => `v${v}` },
          ...(manage
            ? [
                {
                  title: '',
                  key: 'act',
                  width: 150,
                  render: (_: unknown, r: Question) => (
                    <Space size={0}>
                      <Button type="link" size="small" onClick={() => setEditing(r.id)} data-testid="question-edit">
                        {S.edit}
                      </Button>
                      {r.type !== 'short' && (
                        <Button type="link" size="small" onClick={() => setFixing(r.id)} data-testid="question-fix-key">
                          {S.fixKey}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing !== null && <QuestionEditor id={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />}
      {fixing !== null && <KeyCorrection id={fixing} onClose={() => setFixing(null)} />}
    </Space>
  );
}
