import { useState } from 'react';
import { Button, Card, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import type { Setting } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useSaveSetting, useSettings } from '../api';
import { S } from '../strings';

const GROUP_ORDER = ['plan', 'study', 'sessions', 'reminders', 'reflections', 'library', 'seminars', 'exams', 'assessment', 'scores', 'display', 'accounts', 'site', 'security', 'audit'];

type Value = Setting['value'];
type Criteria = { name: string; points: number }[];

const show = (s: Setting, v: Value) =>
  Array.isArray(v) ? v.map((c) => `${c.name} ${c.points}${S.points}`).join(' / ') : s.kind === 'bool' ? (v ? S.yes : S.no) : `${String(v)}${s.unit ? ` ${s.unit}` : ''}`;

/** kind 'json': a list of criteria, each a name and its points. */
function CriteriaEditor({ s, saving, onSave, onCancel }: { s: Setting; saving: boolean; onSave: (v: Criteria) => void; onCancel: () => void }) {
  const [rows, setRows] = useState<Criteria>(Array.isArray(s.value) ? s.value.map((c) => ({ ...c })) : []);
  const put = (i: number, patch: Partial<Criteria[number]>) => setRows(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Space orientation="vertical" size={4}>
      {rows.map((r, i) => (
        <Space key={i} size={4}>
          <Input aria-label={`${S.criterionName}${i + 1}`} placeholder={S.criterionName} value={r.name} maxLength={20} onChange={(e) => put(i, { name: e.target.value })} style={{ width: 110 }} />
          <InputNumber aria-label={`${S.criterionPoints}${i + 1}`} value={r.points} min={1} max={1000} precision={0} onChange={(v) => put(i, { points: v ?? 0 })} style={{ width: 80 }} suffix={S.points} />
          <Button size="small" type="link" danger onClick={() => setRows(rows.filter((_, j) => j !== i))}>
            {S.removeCriterion}
          </Button>
        </Space>
      ))}
      <Space size={4} wrap>
        <Button size="small" onClick={() => setRows([...rows, { name: '', points: 10 }])}>
          {S.addCriterion}
        </Button>
        <Button type="primary" size="small" loading={saving} onClick={() => onSave(rows)}>
          {S.save}
        </Button>
        <Button size="small" onClick={onCancel}>
          {S.cancel}
        </Button>
      </Space>
    </Space>
  );
}

function ValueCell({ s, year }: { s: Setting; year: number }) {
  const save = useSaveSetting();
  const [draft, setDraft] = useState<number | null>(null);
  const [editingList, setEditingList] = useState(false);
  const [text, setText] = useState<string | null>(null);
  const commit = (value: Value) =>
    save.mutate(
      { key: s.key, year, value },
      {
        onSuccess: () => {
          toastSuccess(S.saved);
          setDraft(null);
          setEditingList(false);
          setText(null);
        },
      },
    );

  if (s.kind === 'bool') {
    return <Switch checked={Boolean(s.value)} disabled={!s.editable} loading={save.isPending} onChange={(v) => commit(v)} aria-label={s.label} checkedChildren={S.yes} unCheckedChildren={S.no} />;
  }
  if (s.kind === 'text') {
    if (text !== null) {
      return (
        <Space size={4} wrap>
          <Input aria-label={s.label} value={text} maxLength={200} onChange={(e) => setText(e.target.value)} onPressEnter={() => commit(text)} autoFocus style={{ width: 280 }} />
          <Button type="primary" size="small" loading={save.isPending} onClick={() => commit(text)}>
            {S.save}
          </Button>
          <Button size="small" onClick={() => setText(null)}>
            {S.cancel}
          </Button>
        </Space>
      );
    }
    return (
      <Space size={8} wrap>
        <Typography.Text strong>{String(s.value) || S.unsetText}</Typography.Text>
        {s.editable && (
          <Button type="link" size="small" onClick={() => setText(String(s.value))} data-testid={`setting-edit-${s.key}`}>
            {S.edit}
          </Button>
        )}
      </Space>
    );
  }
  if (s.kind === 'json') {
    if (editingList) return <CriteriaEditor s={s} saving={save.isPending} onSave={commit} onCancel={() => setEditingList(false)} />;
    return (
      <Space size={8} wrap>
        <Typography.Text strong>{show(s, s.value)}</Typography.Text>
        {s.editable && (
          <Button type="link" size="small" onClick={() => setEditingList(true)} data-testid={`setting-edit-${s.key}`}>
            {S.edit}
          </Button>
        )}
      </Space>
    );
  }
  if (draft !== null) {
    return (
      <Space size={4} wrap>
        <InputNumber aria-label={s.label} value={draft} min={s.min} max={s.max} precision={0} onChange={(v) => setDraft(v ?? 0)} onPressEnter={() => commit(draft)} autoFocus style={{ width: 110 }} suffix={s.unit} />
        <Button type="primary" size="small" loading={save.isPending} onClick={() => commit(draft)}>
          {S.save}
        </Button>
        <Button size="small" onClick={() => setDraft(null)}>
          {S.cancel}
        </Button>
      </Space>
    );
  }
  return (
    <Space size={8}>
      <Typography.Text strong>{show(s, s.value)}</Typography.Text>
      {s.editable && (
        <Button type="link" size="small" onClick={() => setDraft(Number(s.value))} data-testid={`setting-edit-${s.key}`}>
          {S.edit}
        </Button>
      )}
    </Space>
  );
}

export default function SettingsPage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const settings = useSettings(year);
  const items = settings.data?.items ?? [];
  const groups = GROUP_ORDER.filter((g) => items.some((s) => s.group === g));

  const columns: ColumnsType<Setting> = [
    {
      title: S.settingCol.label,
      dataIndex: 'label',
      render: (label: string, s) => (
        <Space size={4} wrap>
          <span>{label}</span>
          {s.perYear && <Tag>{S.perYear}</Tag>}
          {s.overriddenForYear && <Tag color="red">{S.yearOverride}</Tag>}
        </Space>
      ),
    },
    { title: S.settingCol.value, key: 'value', width: 260, render: (_, s) => <ValueCell key={`${s.key}@${year}`} s={s} year={year} /> },
    { title: S.settingCol.default, key: 'default', width: 110, render: (_, s) => <Typography.Text type="secondary">{show(s, s.default)}</Typography.Text> },
    { title: S.settingCol.source, dataIndex: 'source', width: 180, render: (v?: string) => v ?? '—' },
    { title: S.settingCol.updatedAt, dataIndex: 'updatedAt', width: 150, render: (v: string | null) => (v ? dayjs(v).format('YYYY-MM-DD HH:mm') : '—') },
  ];

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {S.settingsTitle}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{S.settingsIntro}</Typography.Paragraph>
      <Space style={{ marginBottom: 16 }}>
        <span>{S.year}</span>
        <Select
          aria-label={S.year}
          value={year}
          onChange={setYear}
          style={{ width: 110 }}
          options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y} 年` }))}
          data-testid="settings-year"
        />
      </Space>
      <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="settings-groups">
        {groups.map((g) => (
          <Card key={g} size="small" title={S.groups[g] ?? g}>
            <Table<Setting> rowKey="key" size="small" columns={columns} dataSource={items.filter((s) => s.group === g)} pagination={false} loading={settings.isFetching} scroll={{ x: 900 }} />
          </Card>
        ))}
      </Space>
    </div>
  );
}
