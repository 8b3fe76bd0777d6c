import { useState } from 'react';
import { Alert, Button, Card, Grid, Select, Space, Table, Tabs, Tag } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { can, useSignedIn } from '../../../api/session';
import { awardsUrl, useAnalysis, usePapers, useResults, type Analysis, type Results } from '../api';
import { KeyCorrection } from '../components/QuestionEditor';
import { S } from '../strings';

type Person = Results['people'][number];
type UnitRow = Results['units'][number];
type QRow = Analysis['questions'][number];

const urgency = (q: QRow) => (q.flags.some((f) => f.startsWith('区分度为负')) ? 2 : q.flags.length ? 1 : 0);

export default function ResultsPage() {
  const me = useSignedIn();
  const papers = usePapers();
  const quarters = [...new Set((papers.data ?? []).map((p) => p.quarter))].sort().reverse();
  const [paperId, setPaperId] = useState<number | undefined>();
  const [quarter, setQuarter] = useState<string | undefined>();
  const scope = paperId ? { paperId } : quarter ? { quarter } : {};
  const results = useResults(scope);
  const analysis = useAnalysis(paperId);
  const a = analysis.data;
  const [fixing, setFixing] = useState<number | null>(null);
  const fixer = can(me, 'exams.manageBank');
  const wide = Grid.useBreakpoint().md;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap>
          <Select style={{ width: 140 }} allowClear placeholder={S.col.quarter} value={quarter} onChange={(v) => (setQuarter(v), setPaperId(undefined))} options={quarters.map((q) => ({ value: q, label: q }))} />
          <Select style={{ width: 320 }} allowClear placeholder={S.choosePaper} value={paperId} onChange={setPaperId} options={(papers.data ?? []).filter((p) => !quarter || p.quarter === quarter).map((p) => ({ value: p.id, label: `${p.quarter} ${p.title}` }))} data-testid="results-paper" />
          {can(me, 'exams.exportAwards') && (
            <Button icon={<DownloadOutlined />} href={awardsUrl(scope)}>
              {S.award}
            </Button>
          )}
          {results.data && <span style={{ color: '#8c847d' }}>{S.awardRule(results.data.award.rule, results.data.award.count)}</span>}
        </Space>
      </Card>
      <Tabs
        items={[
          {
            key: 'people',
            label: S.byPerson,
            children: (
              <Table<Person>
                rowKey="memberId"
                size="small"
                loading={results.isFetching}
                dataSource={results.data?.people ?? []}
                pagination={{ pageSize: 20 }}
                columns={[
                  { title: S.col.rank, dataIndex: 'rank', width: 60 },
                  { title: S.col.name, dataIndex: 'name', width: 100 },
                  { title: S.col.unit, dataIndex: 'unitName' },
                  { title: S.col.papers, dataIndex: 'papers', width: 60 },
                  { title: S.col.scoreCol, key: 's', width: 120, render: (_: unknown, p) => `${p.score} / ${p.maxScore}` },
                  { title: S.col.percent, dataIndex: 'percent', width: 90, render: (v: number, p) => <span>{v}%{p.pending && <Tag style={{ marginLeft: 4 }}>{S.pendingGrading}</Tag>}</span> },
                ]}
              />
            ),
          },
          {
            key: 'units',
            label: S.byUnit,
            children: (
              <Table<UnitRow>
                rowKey="unitId"
                size="small"
                dataSource={results.data?.units ?? []}
                pagination={false}
                columns={[
                  { title: S.col.rank, dataIndex: 'rank', width: 60 },
                  { title: S.col.unit, dataIndex: 'unitName' },
                  { title: S.col.people, dataIndex: 'people', width: 80 },
                  { title: S.col.meanPercent, dataIndex: 'meanPercent', width: 120, render: (v: number) => `${v}%` },
                ]}
              />
            ),
          },
          {
            key: 'analysis',
            label: S.analysis,
            disabled: !paperId,
            children: a ? (
              <Space orientation="vertical" style={{ width: '100%' }} data-testid="analysis">
                <Alert type="info" showIcon message={S.paperStats(a)} description={a.attempts < a.minAttempts ? S.fewAttempts(a.minAttempts) : undefined} />
                <Table<QRow>
                  rowKey="questionId"
                  size="small"
                  pagination={false}
                  // The flagged questions first, a likely wrong key (negative discrimination) before the rest: what needs a look is one click away.
                  dataSource={[...a.questions].sort((x, y) => urgency(y) - urgency(x))}
                  rowClassName={(q) => (q.flags.length ? 'exam-flagged' : '')}
                  // On a phone the table scrolls sideways with the stem kept in view.
                  scroll={{ x: wide ? undefined : 760 }}
                  columns={[
                    { title: S.col.stem, dataIndex: 'stem', fixed: 'left', width: wide ? 360 : 130, render: (s: string, q) => <span>{s.slice(0, 60)}{q.versionNo > 1 && <Tag style={{ marginLeft: 4 }}>v{q.versionNo}</Tag>}</span> },
                    { title: S.col.type, dataIndex: 'type', width: 60, render: (t: string) => S.qType[t] },
                    { title: S.facility, dataIndex: 'facility', width: 80, render: (v: number) => `${v}%` },
                    { title: S.discrimination, dataIndex: 'discrimination', width: 80, render: (v: number | null) => (v === null ? '—' : <span style={{ color: v < 0 ? '#cf1322' : undefined }}>{v}%</span>) },
                    { title: S.options, key: 'o', width: 220, render: (_: unknown, q) => q.options.map((o) => <Tag key={o.key} color={o.right ? 'green' : o.count === 0 ? 'orange' : undefined}>{`${o.key === 'true' ? '对' : o.key === 'false' ? '错' : o.key} ${o.count}`}</Tag>) },
                    {
                      title: S.flags,
                      dataIndex: 'flags',
                      render: (f: string[], q) => (
                        <>
                          {f.map((x) => (
                            <div key={x} style={{ color: '#cf1322' }} data-testid="analysis-flag">
                              {x}
                            </div>
                          ))}
                          {fixer && f.length > 0 && q.type !== 'short' && (
                            <Button size="small" onClick={() => setFixing(q.questionId)} data-testid="analysis-fix-key">
                              {S.fixKey}
                            </Button>
                          )}
                        </>
                      ),
                    },
                  ]}
                />
              </Space>
            ) : null,
          },
        ]}
      />
      {fixing !== null && <KeyCorrection id={fixing} onClose={() => setFixing(null)} />}
    </Space>
  );
}
