import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Form, InputNumber, Modal, Popconfirm, Skeleton, Space, Table, Tag, Typography, type ButtonProps } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { EditOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client';
import { categoryLabel } from '../../../api/labels';
import type { CirculationRule, SettingsDto } from '../../../api/types';
import { toastSuccess } from '../../../components/feedback';
import { useCategories, useCirculationRules, useDeleteRule, useSaveRule, type RuleBody } from '../api';
import { S } from '../strings';

const FIELDS = ['loanDays', 'renewals', 'renewDays', 'maxLoans'] as const;
type Field = (typeof FIELDS)[number];
const SETTING: Record<Field, string> = { loanDays: 'library.loanDays', renewals: 'library.renewals', renewDays: 'library.renewDays', maxLoans: 'library.maxLoans' };
const MAX: Record<Field, number> = { loanDays: 365, renewals: 10, renewDays: 365, maxLoans: 100 };
const MEMBER_CATEGORIES = [null, 'leader', 'party', 'staff'] as const;
type MemberCat = (typeof MEMBER_CATEGORIES)[number];

function useDefaults() {
  return useQuery({
    queryKey: ['settings', 'current'],
    queryFn: () => api.get<SettingsDto>('/settings'),
    staleTime: 60_000,
    select: (d) => Object.fromEntries(FIELDS.map((f) => [f, Number(d.items.find((s) => s.key === SETTING[f])?.value ?? 0)])) as Record<Field, number>,
  });
}

const memberName = (m: MemberCat) => (m ? categoryLabel(m) : S.rulesAnyMember);
const bookName = (b: string | null) => b ?? S.rulesAnyBook;

function Cell({ rule, onEdit, testId }: { rule: CirculationRule | undefined; onEdit: () => void; testId: string }) {
  const set = rule ? FIELDS.filter((f) => rule[f] !== null) : [];
  return (
    <button type="button" onClick={onEdit} data-testid={testId} style={{ all: 'unset', cursor: 'pointer', display: 'block', width: '100%', minHeight: 40, padding: '4px 6px', borderRadius: 6, background: set.length ? '#fbf3f1' : undefined }}>
      {set.length ? (
        <>
          {set.map((f) => (
            <div key={f} style={{ color: rule!.inherited ? '#8c8c8c' : '#9e1b1b', fontWeight: 500, fontSize: 13 }}>
              {S.rulesShort[f](rule![f]!)}
            </div>
          ))}
          {rule!.inherited && (
            <Tag style={{ marginTop: 2 }} data-testid={`${testId}-inherited`}>
              {S.rulesInheritedTag(rule!.unitName ?? S.rulesDistrict)}
            </Tag>
          )}
        </>
      ) : (
        <span style={{ color: '#b8b0a8' }}>
          {S.rulesInherit} <EditOutlined />
        </span>
      )}
    </button>
  );
}

/** 借阅规则: the settings defaults, overridden per book category × member category. */
export default function RulesPage() {
  const rules = useCirculationRules();
  const defaults = useDefaults();
  const categories = useCategories();
  const save = useSaveRule();
  const del = useDeleteRule();
  const [editing, setEditing] = useState<{ book: string | null; member: MemberCat } | null>(null);
  const [form] = Form.useForm<Record<Field, number | null>>();

  const find = (book: string | null, member: MemberCat) => rules.data?.find((r) => r.bookCategory === book && r.memberCategory === member);
  const current = editing ? find(editing.book, editing.member) : undefined;

  const edit = (book: string | null, member: MemberCat) => {
    const r = find(book, member);
    form.setFieldsValue(Object.fromEntries(FIELDS.map((f) => [f, r?.[f] ?? null])) as Record<Field, number | null>);
    setEditing({ book, member });
  };

  const submit = async () => {
    if (!editing) return;
    const v = await form.validateFields();
    const body: RuleBody = { bookCategory: editing.book, memberCategory: editing.member, loanDays: v.loanDays ?? null, renewals: v.renewals ?? null, renewDays: v.renewDays ?? null, maxLoans: v.maxLoans ?? null };
    await save.mutateAsync(body);
    toastSuccess(S.rulesSaved);
    setEditing(null);
  };

  if (!rules.data || !categories.data || !defaults.data) return <Skeleton active paragraph={{ rows: 10 }} />;

  type Row = { key: string; book: string | null };
  const rows: Row[] = [{ key: '*', book: null }, ...categories.data.categories.map((c) => ({ key: c, book: c as string }))];
  const columns: ColumnsType<Row> = [
    { title: '', dataIndex: 'book', width: 130, fixed: 'left', render: (b: string | null) => <b>{bookName(b)}</b> },
    ...MEMBER_CATEGORIES.map((m) => ({
      title: memberName(m),
      key: m ?? '*',
      render: (_: unknown, row: Row) => <Cell rule={find(row.book, m)} onEdit={() => edit(row.book, m)} testId={`rule-${row.book ?? 'all'}-${m ?? 'all'}`} />,
    })),
  ];
  const d = defaults.data;
  return (
    <div>
      <Typography.Title level={3} style={{ margin: '0 0 12px' }}>
        {S.rulesTitle}
      </Typography.Title>
      <Alert type="info" showIcon title={S.rulesIntro} style={{ marginBottom: 12 }} />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Space wrap size="large">
          <b>{S.rulesDefaults}</b>
          {FIELDS.map((f) => (
            <span key={f} data-testid={`rule-default-${f}`}>
              {S.rulesShort[f](d[f])}
            </span>
          ))}
          <Link to="/console/settings">
            <Button size="small" icon={<SettingOutlined />}>
              {S.rulesSettingsLink}
            </Button>
          </Link>
        </Space>
      </Card>
      <Card size="small">
        <Table<Row> data-testid="rules-matrix" rowKey="key" size="small" bordered columns={columns} dataSource={rows} pagination={false} scroll={{ x: 760 }} />
      </Card>
      <Modal
        open={editing !== null}
        title={editing ? S.rulesEdit(bookName(editing.book), memberName(editing.member)) : ''}
        onCancel={() => setEditing(null)}
        onOk={() => void submit().catch(() => undefined)}
        okText={S.save}
        cancelText={S.cancel}
        confirmLoading={save.isPending}
        okButtonProps={{ 'data-testid': 'rule-save' } as ButtonProps}
        forceRender
        footer={(node) => (
          <Space>
            {/* An inherited rule (the district's, for a town clerk) is not this clerk's to delete: the server refuses it. */}
            {current && !current.inherited && (
              <Popconfirm title={S.rulesDelete} okText={S.rulesDelete} cancelText={S.cancel} onConfirm={() => del.mutateAsync(current.id).then(() => { toastSuccess(S.rulesDeleted); setEditing(null); })}>
                <Button danger>{S.rulesDelete}</Button>
              </Popconfirm>
            )}
            {node}
          </Space>
        )}
      >
        {current?.inherited && <Alert type="info" showIcon data-testid="rule-inherited-note" title={S.rulesInheritedNote(current.unitName ?? S.rulesDistrict)} style={{ marginBottom: 12 }} />}
        <Form form={form} layout="horizontal" labelCol={{ span: 9 }} wrapperCol={{ span: 15 }}>
          {FIELDS.map((f) => (
            <Form.Item key={f} name={f} label={S.rulesFields[f]} extra={S.rulesEmptyHint}>
              <InputNumber min={f === 'renewals' ? 0 : 1} max={MAX[f]} precision={0} placeholder={String(d[f])} style={{ width: 160 }} data-testid={`rule-${f}`} />
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </div>
  );
}
