import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Input, Popconfirm, Progress, Segmented, Skeleton, Tag } from 'antd';
import { CheckOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { toastSuccess } from '../../../components/feedback';
import { useAddPlanItem, useFinishPlanItem, usePlan, useRemovePlanItem, type Plan, type PlanItem } from '../api';
import { BookPicker } from '../components/BookPicker';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

function ItemRow({ item }: { item: PlanItem }) {
  const finish = useFinishPlanItem();
  const remove = useRemovePlanItem();
  const navigate = useNavigate();
  const done = item.status === 'finished';
  return (
    <div style={{ padding: '12px 0', borderBottom: '1px solid #f3efea', display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="plan-item">
      <div style={{ display: 'flex', gap: 8, alignItems: 'baseline' }}>
        <div style={{ flex: 1, minWidth: 0, fontSize: 16, fontWeight: 600 }} data-testid="plan-item-title">
          《{item.title}》
        </div>
        {done ? <Tag color="success">{S.finished(item.finishedOn!)}</Tag> : <Tag color="processing">{S.reading}</Tag>}
      </div>
      <div style={{ fontSize: 12, color: '#8c847d' }}>
        {item.author ? `${item.author} · ` : ''}
        {item.ownBook ? `${S.ownBook} · ` : ''}
        {S.targetBy(item.targetOn)}
      </div>
      {(item.minutes > 0 || item.progress) && (
        <div style={{ fontSize: 13, color: '#4a4440' }}>
          {S.readMinutes(item.minutes)}
          {item.progress ? ` · ${S.progressAt(item.progress)}` : ''}
        </div>
      )}
      <div style={{ display: 'flex', gap: 8 }}>
        {done ? (
          <Button icon={<EditOutlined />} onClick={() => void navigate(item.reflectionLink)} data-testid="plan-item-reflect">
            {S.writeReflection}
          </Button>
        ) : (
          <>
            <Button
              type="primary"
              icon={<CheckOutlined />}
              loading={finish.isPending}
              data-testid="plan-item-finish"
              onClick={() => finish.mutateAsync(item.id).then((r) => void navigate(r.reflectionLink))}
            >
              {S.finish}
            </Button>
            <Popconfirm title={S.removeConfirm} onConfirm={() => remove.mutate(item.id)}>
              <Button type="text" danger>
                {S.remove}
              </Button>
            </Popconfirm>
          </>
        )}
      </div>
    </div>
  );
}

function AddForm({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const add = useAddPlanItem();
  const [mode, setMode] = useState<'catalog' | 'own'>('catalog');
  const [book, setBook] = useState<{ id: number; title: string } | null>(null);
  const [title, setTitle] = useState('');
  const [author, setAuthor] = useState('');
  const today = dayjs().format('YYYY-MM-DD');
  const last = dayjs(`${plan.month}-01`).endOf('month');
  const [target, setTarget] = useState<Dayjs>(last.format('YYYY-MM-DD') < today ? dayjs() : last);
  const ready = mode === 'catalog' ? Boolean(book) : title.trim() !== '';
  const submit = () =>
    add
      .mutateAsync({
        month: plan.month,
        ...(mode === 'catalog' ? { bookId: book!.id } : { ownTitle: title.trim(), ownAuthor: author.trim() || null }),
        targetOn: target.format('YYYY-MM-DD'),
      })
      .then(() => {
        toastSuccess(S.added);
        onDone();
      })
      .catch(() => undefined);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }} data-testid="plan-add-form">
      <Segmented
        block
        value={mode}
        onChange={(v) => setMode(v as 'catalog' | 'own')}
        options={[
          { label: S.fromCatalog, value: 'catalog' },
          { label: S.ownBook, value: 'own' },
        ]}
      />
      {mode === 'catalog' ? (
        <BookPicker placeholder={S.searchPh} onPick={(b) => setBook(b)} testId="plan-book-search" />
      ) : (
        <>
          <Input placeholder={S.ownTitle} value={title} onChange={(e) => setTitle(e.target.value)} data-testid="plan-own-title" />
          <Input placeholder={S.ownAuthor} value={author} onChange={(e) => setAuthor(e.target.value)} />
        </>
      )}
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ fontSize: 14, color: '#4a4440', whiteSpace: 'nowrap' }}>{S.targetOn}</span>
        <DatePicker
          style={{ flex: 1 }}
          value={target}
          allowClear={false}
          inputReadOnly
          onChange={(d) => d && setTarget(d)}
          disabledDate={(d) => d.isBefore(dayjs(), 'day') || d.format('YYYY-MM') !== plan.month}
        />
      </div>
      <Button type="primary" size="large" block disabled={!ready} loading={add.isPending} onClick={submit} data-testid="plan-add-submit">
        {S.add}
      </Button>
    </div>
  );
}

/** 月度阅读计划: this month's books, add one, finish in one tap. */
export default function PlanPage() {
  const plan = usePlan();
  const [adding, setAdding] = useState(false);
  const p = plan.data;
  return (
    <>
      <TopBar title={S.planTitle} back="/study" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        {!p ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <>
            <Card size="small">
              <div style={{ fontSize: 17, fontWeight: 600 }} data-testid="plan-heading">
                {S.planOf(p.month)}
              </div>
              <div style={{ fontSize: 13, color: '#8c847d', margin: '4px 0 8px' }}>{S.planRule(p.booksPerMonth, p.deadline)}</div>
              <Progress percent={p.booksPerMonth ? Math.min(100, Math.round((p.finished / p.booksPerMonth) * 100)) : 100} showInfo={false} strokeColor="#9e1b1b" />
              <div style={{ fontSize: 13 }} data-testid="plan-finished">
                {S.finishedCount(p.finished, p.booksPerMonth)}
              </div>
            </Card>
            {p.late && <Alert type="warning" showIcon title={S.planLate} />}
            {p.overdue && <Alert type="error" showIcon title={S.planOverdue} data-testid="plan-overdue" />}
            <Card
              size="small"
              title={`${Number(p.month.slice(5, 7))}月书目`}
              extra={
                !adding && (
                  <Button type="link" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="plan-add">
                    {S.addBook}
                  </Button>
                )
              }
            >
              {adding && (
                <div style={{ paddingBottom: 12, borderBottom: '1px solid #f3efea' }}>
                  <AddForm plan={p} onDone={() => setAdding(false)} />
                </div>
              )}
              {p.items.length === 0 && !adding ? (
                <Empty description={S.planEmpty} image={Empty.PRESENTED_IMAGE_SIMPLE}>
                  <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                    {S.addBook}
                  </Button>
                </Empty>
              ) : (
                p.items.map((i) => <ItemRow key={i.id} item={i} />)
              )}
            </Card>
          </>
        )}
      </div>
    </>
  );
}
