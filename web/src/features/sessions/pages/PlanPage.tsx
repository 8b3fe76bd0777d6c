import { useRef, useState } from 'react';
import { Alert, Button, Card, Empty, Input, Modal, Progress, Select, Space, Table, Tag, Typography } from 'antd';
import { BookOutlined, EditOutlined, FileExcelOutlined, FileWordOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { apiUrl, errorMessage } from '../../../api/client';
import { useCan } from '../../../api/session';
import { toastError, toastSuccess } from '../../../components/feedback';
import { searchBooks, useAddBook, usePlan, usePlanUnits, useReaders, useRemoveBook, useSavePlan, type Plan } from '../api';
import { S } from '../strings';

type Month = Plan['months'][number];

function BookPicker({ planId, onDone }: { planId: number; onDone: () => void }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [bookId, setBookId] = useState<number | null>(null);
  const [month, setMonth] = useState<number | null>(null);
  const add = useAddBook();
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const onSearch = (q: string) => {
    clearTimeout(timer.current);
    if (!q.trim()) return;
    timer.current = setTimeout(() => {
      searchBooks(q.trim()).then((items) => setOptions(items.map((b) => ({ value: b.id, label: `《${b.title}》 ${b.authors}` }))), toastError);
    }, 250);
  };
  return (
    <Space.Compact block>
      <Select
        showSearch={{ filterOption: false, onSearch }}
        placeholder={S.searchBook}
        options={options}
        value={bookId ?? undefined}
        onChange={setBookId}
        style={{ flex: 1 }}
        notFoundContent={null}
        data-testid="plan-book-search"
      />
      <Select value={month ?? 0} onChange={(v) => setMonth(v || null)} style={{ width: 100 }} options={[{ value: 0, label: S.wholeYear }, ...Array.from({ length: 12 }, (_, i) => ({ value: i + 1, label: `${i + 1}月` }))]} />
      <Button
        type="primary"
        icon={<PlusOutlined />}
        disabled={!bookId}
        loading={add.isPending}
        onClick={() =>
          bookId &&
          add.mutate(
            { planId, bookId, month },
            {
              onSuccess: () => {
                setBookId(null);
                onDone();
              },
              onError: toastError,
            },
          )
        }
      >
        {S.addBook}
      </Button>
    </Space.Compact>
  );
}

function ReadersPanel({ planId }: { planId: number }) {
  const q = useReaders(planId);
  const [open, setOpen] = useState<number | null>(null);
  if (q.isPending) return <Card loading />;
  if (q.isError) return <Alert type="error" title={errorMessage(q.error)} />;
  const detail = q.data.books.find((b) => b.bookId === open);
  return (
    <Card
      title={S.whoRead}
      size="small"
      style={{ marginTop: 16 }}
      extra={
        q.data.books.length > 0 && (
          <a href={apiUrl(`/study-plans/${planId}/readers.xlsx`)} data-testid="readers-export">
            <Button size="small" icon={<FileExcelOutlined />}>
              {S.exportXlsx}
            </Button>
          </a>
        )
      }
    >
      {q.data.books.length === 0 ? (
        <Empty description="还没有必学书目" />
      ) : (
        <Table
          size="small"
          rowKey="bookId"
          pagination={false}
          dataSource={q.data.books}
          data-testid="plan-readers"
          columns={[
            { title: '书名', dataIndex: 'title', render: (v: string) => `《${v}》` },
            { title: S.month, dataIndex: 'month', width: 80, render: (v: number | null) => (v ? `${v}月` : S.wholeYear) },
            {
              title: S.readers,
              width: 320,
              render: (_: unknown, b) => (
                <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                  <Progress percent={b.total ? Math.round((100 * b.readCount) / b.total) : 0} size="small" style={{ flex: 1, margin: 0 }} />
                  <span style={{ whiteSpace: 'nowrap' }}>{S.readCount(b.readCount, b.total)}</span>
                </div>
              ),
            },
            {
              title: S.actions,
              width: 100,
              render: (_: unknown, b) => (
                <Button size="small" type="link" onClick={() => setOpen(b.bookId)}>
                  查看名单
                </Button>
              ),
            },
          ]}
        />
      )}
      <Modal open={Boolean(detail)} title={detail ? `《${detail.title}》阅读情况` : ''} footer={null} onCancel={() => setOpen(null)} width={720}>
        {detail && (
          <>
            <Typography.Title level={5}>
              {S.readers}（{detail.read.length}）
            </Typography.Title>
            <div style={{ marginBottom: 12 }}>
              {detail.read.map((p) => (
                <Tag key={p.memberId} color="green" style={{ marginBottom: 4 }}>
                  {p.name} · {p.unitName}
                </Tag>
              ))}
            </div>
            <Typography.Title level={5}>
              {S.notReaders}（{detail.notRead.length}）
            </Typography.Title>
            <div>
              {detail.notRead.map((p) => (
                <Tag key={p.memberId} style={{ marginBottom: 4 }}>
                  {p.name} · {p.unitName}
                </Tag>
              ))}
            </div>
          </>
        )}
      </Modal>
    </Card>
  );
}

/** 年度学习计划安排表: the familiar month-by-month table, edited in place, exported as Excel and Word. */
export default function PlanPage() {
  const canEdit = useCan()('sessions.editPlan');
  const units = usePlanUnits();
  const [picked, setUnitId] = useState<number | undefined>(undefined);
  const unitId = picked ?? units.data?.[0]?.id;
  const [year, setYear] = useState(dayjs().year());
  const plan = usePlan(unitId, year);
  const save = useSavePlan();
  const remove = useRemoveBook();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Month[]>([]);
  const [title, setTitle] = useState('');
  const [picker, setPicker] = useState(false);
  const p = plan.data ?? null;

  const startEdit = () => {
    setDraft(p ? p.months.map((m) => ({ ...m })) : Array.from({ length: 12 }, (_, i) => ({ month: i + 1, theme: '', content: '' })));
    setTitle(p?.title ?? '');
    setEditing(true);
  };
  const submit = () => {
    if (!unitId) return;
    save.mutate(
      { unitId, year, title: title || undefined, months: draft, version: p?.version ?? null },
      {
        onSuccess: () => {
          toastSuccess(S.saved);
          setEditing(false);
        },
        onError: toastError,
      },
    );
  };
  const setMonth = (i: number, patch: Partial<Month>) => setDraft((d) => d.map((m, j) => (j === i ? { ...m, ...patch } : m)));

  const rows = (editing ? draft : (p?.months ?? [])).map((m, i) => ({ ...m, i }));

  return (
    <div style={{ padding: 24 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 16, flexWrap: 'wrap' }}>
        <Typography.Title level={3} style={{ margin: 0, flex: '1 1 480px' }}>
          {p?.title ?? S.planTitle}
        </Typography.Title>
        <Select value={unitId} onChange={(v) => (setUnitId(v), setEditing(false))} style={{ width: 200 }} options={(units.data ?? []).map((u) => ({ value: u.id, label: `${'　'.repeat(u.depth)}${u.name}` }))} />
        <Select value={year} onChange={(v) => (setYear(v), setEditing(false))} style={{ width: 110 }} options={[-1, 0, 1].map((d) => ({ value: dayjs().year() + d, label: `${dayjs().year() + d}年` }))} />
        {p && !editing && (
          <>
            <a href={apiUrl(`/study-plans/${p.id}/export.xlsx`)}>
              <Button icon={<FileExcelOutlined />}>{S.exportXlsx}</Button>
            </a>
            <a href={apiUrl(`/study-plans/${p.id}/export.docx`)}>
              <Button icon={<FileWordOutlined />}>{S.exportDocx}</Button>
            </a>
          </>
        )}
        {canEdit && !editing && (
          <Button type="primary" icon={<EditOutlined />} onClick={startEdit} data-testid="plan-edit">
            {p ? S.edit : S.createPlan}
          </Button>
        )}
        {canEdit && p && !editing && (
          <Button icon={<BookOutlined />} onClick={() => setPicker(true)}>
            {S.addBook}
          </Button>
        )}
        {editing && (
          <>
            <Button onClick={() => setEditing(false)}>{S.cancel}</Button>
            <Button type="primary" loading={save.isPending} onClick={submit} data-testid="plan-save">
              {S.savePlan}
            </Button>
          </>
        )}
      </div>
      {editing && <Input value={title} onChange={(e) => setTitle(e.target.value)} placeholder={`标题，留空为“单位名+${year}年度学习计划安排表”`} style={{ marginBottom: 12, maxWidth: 560 }} />}
      {plan.isPending && unitId ? (
        <Card loading />
      ) : !p && !editing ? (
        <Empty description={S.noPlan} style={{ padding: 48 }} />
      ) : (
        <>
          <Table
            bordered
            size="small"
            rowKey="month"
            pagination={false}
            dataSource={rows}
            data-testid="plan-table"
            columns={[
              { title: S.month, dataIndex: 'month', width: 70, align: 'center', render: (v: number) => S.monthName(v) },
              {
                title: S.theme,
                dataIndex: 'theme',
                width: '20%',
                render: (v: string, r) => (editing ? <Input.TextArea autoSize value={v} onChange={(e) => setMonth(r.i, { theme: e.target.value })} aria-label={`${r.month}月主题`} /> : <strong>{v}</strong>),
              },
              {
                title: S.content,
                dataIndex: 'content',
                render: (v: string, r) => (editing ? <Input.TextArea autoSize value={v} onChange={(e) => setMonth(r.i, { content: e.target.value })} aria-label={`${r.month}月内容`} /> : <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span>),
              },
              {
                title: S.requiredBooks,
                width: '18%',
                render: (_: unknown, r) =>
                  (p?.books ?? [])
                    .filter((b) => b.month === r.month)
                    .map((b) => (
                      <div key={b.id}>
                        《{b.title}》
                        {canEdit && !editing && (
                          <Button size="small" type="link" danger onClick={() => remove.mutate({ planId: p!.id, bookId: b.bookId }, { onError: toastError })}>
                            {S.remove}
                          </Button>
                        )}
                      </div>
                    )),
              },
              {
                title: S.sessionsCol,
                width: '26%',
                render: (_: unknown, r) =>
                  (p?.sessions ?? [])
                    .filter((s) => s.month === r.month)
                    .map((s) => (
                      <div key={s.id} style={{ marginBottom: 4 }}>
                        <span style={{ color: '#8c847d' }}>{s.when}</span> {s.topic}
                        {s.place ? `（${s.place}）` : ''}
                      </div>
                    )),
              },
            ]}
          />
          {p && p.books.some((b) => b.month === null) && (
            <Card size="small" title={`${S.requiredBooks}（${S.wholeYear}）`} style={{ marginTop: 16 }}>
              {p.books
                .filter((b) => b.month === null)
                .map((b) => (
                  <Tag key={b.id} style={{ marginBottom: 4 }}>
                    《{b.title}》
                  </Tag>
                ))}
            </Card>
          )}
          {p && <ReadersPanel planId={p.id} />}
        </>
      )}
      <Modal open={picker} title={S.addBook} footer={null} onCancel={() => setPicker(false)} width={720} destroyOnHidden>
        {p && <BookPicker planId={p.id} onDone={() => toastSuccess(S.saved)} />}
      </Modal>
    </div>
  );
}
