import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useMemo } from 'react';
import { useCan } from '../../../api/session';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError, toastSuccess } from '../../../components/feedback';
import { acceptanceExportUrl, useChecklist, useCreateTeam, useResults, useSaveChecklist, useTeamCandidates, useTeams, type ChecklistItem, type Results } from '../api';
import { S } from '../strings';

type Row = Results['rows'][number];

function ResultsTab({ year }: { year: number }) {
  const r = useResults(year);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {r.data ? (
        <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
          <Typography.Text type="secondary">
            {S.method(r.data.method)}；{S.thresholds(r.data.thresholds.excellent, r.data.thresholds.good, r.data.thresholds.pass)}
          </Typography.Text>
          {r.data.canExport ? (
            <Space>
              <Button icon={<DownloadOutlined />} href={acceptanceExportUrl(year, 'docx')}>
                {S.exportDocx}
              </Button>
              <Button icon={<DownloadOutlined />} href={acceptanceExportUrl(year, 'xlsx')}>
                {S.exportXlsx}
              </Button>
            </Space>
          ) : null}
        </Space>
      ) : null}
      <Table
        rowKey="unitId"
        size="middle"
        loading={r.isPending}
        dataSource={r.data?.rows ?? []}
        pagination={false}
        locale={{ emptyText: S.none }}
        columns={[
          { title: S.rank, dataIndex: 'rank', width: 70, render: (v: number | null) => v ?? '—' },
          { title: S.col.unit, dataIndex: 'unitName', render: (n: string, x: Row) => <Link to={`/console/assessment/acceptance/${year}/units/${x.unitId}`}>{n}</Link> },
          { title: S.tabTeams, dataIndex: 'teamName', width: 150 },
          { title: S.consolidated, dataIndex: 'score', width: 100, align: 'right' as const, render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
          { title: S.grade, dataIndex: 'grade', width: 80, render: (g: string | null) => (g ? <Tag color={g === '优秀' ? 'gold' : g === '不合格' ? 'red' : 'blue'}>{g}</Tag> : '—') },
          {
            title: S.spread,
            dataIndex: 'spread',
            width: 100,
            align: 'right' as const,
            render: (v: number | null, x: Row) => (v === null ? '—' : <span style={{ color: x.flagged ? '#d4380d' : undefined }}>{x.flagged ? <WarningOutlined /> : null} {v.toFixed(2)}</span>),
          },
          { title: S.scorers, key: 'n', width: 80, render: (_: unknown, x: Row) => `${x.submittedCount}/${x.teamSize}` },
          { title: S.state, dataIndex: 'locked', width: 90, render: (l: boolean) => (l ? <Tag color="green">{S.locked}</Tag> : <Tag>{S.scoring}</Tag>) },
        ]}
      />
    </Space>
  );
}

function TeamModal({ year, open, onClose }: { year: number; open: boolean; onClose: () => void }) {
  const [form] = Form.useForm();
  const units = useUnits(open);
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const scope = Form.useWatch('scopeUnitId', form) as number | undefined;
  const people = useTeamCandidates(scope);
  const create = useCreateTeam(year);
  const members = (Form.useWatch('members', form) as { userId?: number; office?: string }[] | undefined) ?? [];
  const ok = async () => {
    const v = await form.validateFields();
    try {
      await create.mutateAsync({ name: v.name, scopeUnitId: v.scopeUnitId, leadUserId: v.leadUserId, members: v.members });
      toastSuccess(S.newTeam);
      onClose();
    } catch (e) {
      toastError(e);
    }
  };
  const opts = (people.data ?? []).map((p) => ({ value: p.id, label: p.name }));
  return (
    <Modal open={open} title={S.newTeam} onCancel={onClose} onOk={() => void ok()} okText={S.create} cancelText={S.cancel} confirmLoading={create.isPending} destroyOnHidden width={560}>
      <Form form={form} layout="vertical" initialValues={{ name: `${year}年度联合验收组`, members: [{ office: '党建办' }, { office: '效能办' }, { office: '党政办' }] }}>
        <Form.Item name="name" label={S.teamName} rules={[{ required: true }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="scopeUnitId" label={S.scope} rules={[{ required: true, message: S.scope }]}>
          <TreeSelect treeData={tree} treeDefaultExpandAll aria-label={S.scope} />
        </Form.Item>
        <Form.List name="members">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline">
                  <Form.Item name={[f.name, 'office']} rules={[{ required: true }]}>
                    <Select style={{ width: 100 }} options={S.offices.map((o) => ({ value: o, label: o }))} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'userId']} rules={[{ required: true, message: S.team }]}>
                    <Select style={{ width: 200 }} options={opts} placeholder={S.team} />
                  </Form.Item>
                  <Button type="link" onClick={() => remove(f.name)}>
                    ×
                  </Button>
                </Space>
              ))}
              <Button onClick={() => add({ office: '党建办' })}>{S.addMember}</Button>
            </>
          )}
        </Form.List>
        <Form.Item name="leadUserId" label={S.lead} rules={[{ required: true, message: S.lead }]} style={{ marginTop: 12 }}>
          <Select options={opts.filter((o) => members.some((m) => m?.userId === o.value))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function TeamsTab({ year }: { year: number }) {
  const teams = useTeams(year);
  const can = useCan();
  const [open, setOpen] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {can('assessment.nameTeam') ? (
        <Button icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {S.newTeam}
        </Button>
      ) : null}
      <Table
        rowKey="id"
        size="middle"
        pagination={false}
        loading={teams.isPending}
        dataSource={teams.data ?? []}
        locale={{ emptyText: S.none }}
        columns={[
          { title: S.teamName, dataIndex: 'name' },
          { title: S.scope, dataIndex: 'scopeName', width: 140 },
          { title: S.lead, dataIndex: 'leadName', width: 100 },
          { title: S.team, key: 'm', render: (_: unknown, t) => t.members.map((m) => `${m.name}（${m.office}）`).join('、') },
        ]}
      />
      <TeamModal year={year} open={open} onClose={() => setOpen(false)} />
    </Space>
  );
}

function ChecklistTab({ year }: { year: number }) {
  const c = useChecklist(year);
  // A fresh editor whenever the server's copy changes (after a save, another year).
  return <ChecklistEditor key={`${year}:${c.dataUpdatedAt}`} year={year} initial={c.data?.items ?? []} data={c.data} loading={c.isPending} />;
}

function ChecklistEditor({ year, initial, data, loading }: { year: number; initial: ChecklistItem[]; data: ReturnType<typeof useChecklist>['data']; loading: boolean }) {
  const c = { data, isPending: loading };
  const save = useSaveChecklist(year);
  const can = useCan();
  const editable = can('assessment.editChecklist');
  const [rows, setRows] = useState<ChecklistItem[]>(initial);
  const put = (i: number, patch: Partial<ChecklistItem>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const sources = c.data?.sources ?? [];
  const shapeFrozen = Boolean(c.data?.scoringStarted);
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {c.data && !c.data.stored ? <Alert type="info" title={S.defaultChecklist} /> : null}
      {shapeFrozen ? <Alert type="warning" title={S.scoringStarted} /> : null}
      <Table
        rowKey="key"
        size="small"
        pagination={false}
        loading={c.isPending}
        dataSource={rows}
        columns={[
          { title: S.section, dataIndex: 'section', width: 70 },
          { title: S.category, dataIndex: 'category', width: 120 },
          { title: S.itemTitle, dataIndex: 'title', render: (v: string, _r, i) => (editable ? <Input value={v} maxLength={100} onChange={(e) => put(i, { title: e.target.value })} /> : v) },
          {
            title: S.maxPoints,
            dataIndex: 'maxPoints',
            width: 90,
            render: (v: number, _r, i) => (editable && !shapeFrozen ? <InputNumber value={v} min={1} max={100} precision={0} onChange={(n) => put(i, { maxPoints: n ?? 1 })} /> : v),
          },
          { title: S.guidance, dataIndex: 'guidance', render: (v: string, _r, i) => (editable ? <Input.TextArea autoSize value={v} maxLength={500} onChange={(e) => put(i, { guidance: e.target.value })} /> : v) },
          {
            title: S.source,
            dataIndex: 'source',
            width: 200,
            render: (v: string, _r, i) =>
              editable && !shapeFrozen ? (
                <Select style={{ width: '100%' }} value={v} onChange={(s) => put(i, { source: s })} options={[{ value: 'manual', label: S.manual }, ...sources.map((s) => ({ value: s.key, label: s.label }))]} />
              ) : v === 'manual' ? (
                S.manual
              ) : (
                (sources.find((s) => s.key === v)?.label ?? v)
              ),
          },
        ]}
      />
      <Space>
        <Typography.Text strong>{S.totalPoints(rows.reduce((s, r) => s + r.maxPoints, 0))}</Typography.Text>
        {editable ? (
          <Button type="primary" loading={save.isPending} onClick={() => save.mutateAsync(rows).then(() => toastSuccess(S.saveChecklist), toastError)}>
            {S.saveChecklist}
          </Button>
        ) : null}
      </Space>
    </Space>
  );
}

/** The year-end joint acceptance: ranking and exports, teams, and the checklist. */
export default function AcceptancePage() {
  const [year, setYear] = useState(dayjs().year());
  return (
    <Card title={S.acceptanceTitle} extra={<InputNumber aria-label={S.year} value={year} min={2000} max={2100} onChange={(v) => v && setYear(v)} suffix="年" />}>
      <Typography.Paragraph type="secondary">{S.acceptanceIntro}</Typography.Paragraph>
      <Tabs
        items={[
          { key: 'results', label: S.tabResults, children: <ResultsTab year={year} /> },
          { key: 'teams', label: S.tabTeams, children: <TeamsTab year={year} /> },
          { key: 'checklist', label: S.tabChecklist, children: <ChecklistTab year={year} /> },
        ]}
      />
    </Card>
  );
}
