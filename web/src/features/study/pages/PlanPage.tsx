import { useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, DatePicker, Empty, Input, Popconfirm, Progress, Segmented, Select, Skeleton, Tag } from 'antd';
import { CheckOutlined, EditOutlined, PlusOutlined, ReadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { toastSuccess } from '../../../components/feedback';
import { useMyYearPlan } from '../../sessions/api';
import { useAddPlanItem, useFinishPlanItem, usePlan, useRemovePlanItem, type Plan, type PlanItem } from '../api';
import { BookPicker, type RequiredHint } from '../components/BookPicker';
import { TopBar } from '../../../components/TopBar';
import { S } from '../strings';

function ItemRow({ item, editable }: { item: PlanItem; editable: boolean }) {
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
        {!editable ? null : done ? (
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

/** The year's 必学书目 for the picker: this month's first, then the whole year's, then other months'; read ones last. */
function useRequired(month: string): RequiredHint[] {
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const q = useMyYearPlan(year);
  return useMemo(() => {
    const p = q.data?.plan;
    if (!p) return [];
    const all = [...p.months.flatMap((x) => x.books), ...p.yearBooks];
    const order = (b: (typeof all)[number]) => (b.status === 'finished' ? 3 : b.month === m ? 0 : b.month === null ? 1 : 2);
    return all
      .sort((a, b) => order(a) - order(b) || (a.month ?? 13) - (b.month ?? 13))
      .map((b) => ({
        id: b.bookId,
        title: b.title,
        authors: b.authors,
        read: b.status === 'finished',
        label: b.status === 'finished' ? S.requiredRead : b.status === 'reading' ? S.requiredReading : b.month === m ? S.requiredThisMonth : b.month === null ? S.requiredYear : S.requiredMonth(b.month),
      }));
  }, [q.data, m]);
}

function AddForm({ plan, onDone }: { plan: Plan; onDone: () => void }) {
  const add = useAddPlanItem();
  const required = useRequired(plan.month);
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
        <>
          <BookPicker placeholder={required.length ? S.searchPhRequired : S.searchPh} onPick={(b) => setBook(b)} testId="plan-book-search" required={required} />
          {required.length > 0 && !book && <div style={{ fontSize: 12, color: '#8c847d' }}>{S.requiredHint}</div>}
        </>
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

const ym = (d: Dayjs) => d.format('YYYY-MM');

/** 本月 / 下月 to plan, 往月 to look back (read-only). */
function MonthSwitch({ month, onChange }: { month: string; onChange: (m: string) => void }) {
  const now = dayjs();
  const thisM = ym(now);
  const nextM = ym(now.add(1, 'month'));
  const past = Array.from({ length: 12 }, (_, i) => ym(now.subtract(i + 1, 'month')));
  const which = month === thisM ? 'this' : month === nextM ? 'next' : 'past';
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <Segmented
        block
        value={which}
        onChange={(v) => onChange(v === 'this' ? thisM : v === 'next' ? nextM : past[0])}
        options={[
          { value: 'past', label: S.pastMonths },
          { value: 'this', label: S.thisMonthTab(now.month() + 1) },
          { value: 'next', label: S.nextMonthTab(now.add(1, 'month').month() + 1) },
        ]}
        data-testid="plan-month-switch"
      />
      {which === 'past' && (
        <Select value={month} onChange={onChange} options={past.map((m) => ({ value: m, label: S.monthName(m) }))} aria-label={S.pastMonths} data-testid="plan-past-month" />
      )}
    </div>
  );
}

/** 月度阅读计划: this month's books (or next month's, made ahead; or a past month's, to look back), add one, finish in one tap. */
export default function PlanPage() {
  const [params, setParams] = useSearchParams();
  const asked = params.get('month');
  const month = asked && /^\d{4}-\d{2}$/.test(asked) ? asked : ym(dayjs());
  const plan = usePlan(month);
  const [adding, setAdding] = useState(params.get('add') === '1');
  const p = plan.data?.month === month ? plan.data : undefined;
  const switchTo = (m: string) => {
    setAdding(false);
    setParams(m === ym(dayjs()) ? {} : { month: m }, { replace: true });
  };
  return (
    <>
      <TopBar
        title={S.planTitle}
        back="/study"
        extra={
          <Link to="/study/year-plan" data-testid="to-year-plan">
            <Button type="link" icon={<ReadOutlined />}>
              {S.toYearPlan}
            </Button>
          </Link>
        }
      />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <MonthSwitch month={month} onChange={switchTo} />
        {!p ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <>
            <Card size="small">
              <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <div style={{ flex: 1, fontSize: 17, fontWeight: 600 }} data-testid="plan-heading">
                  {S.planOf(p.month)}
                </div>
                {!p.editable && <Tag data-testid="plan-readonly">{S.readOnly}</Tag>}
              </div>
              <div style={{ fontSize: 13, color: '#8c847d', margin: '4px 0 8px' }}>{p.editable ? S.planRule(p.booksPerMonth, p.deadline) : S.pastRule(p.booksPerMonth)}</div>
              <Progress percent={p.booksPerMonth ? Math.min(100, Math.round((p.finished / p.booksPerMonth) * 100)) : 100} showInfo={false} strokeColor="#9e1b1b" />
              <div style={{ fontSize: 13 }} data-testid="plan-finished">
                {S.finishedCount(p.finished, p.booksPerMonth)}
              </div>
            </Card>
            {p.late && <Alert type="warning" showIcon title={S.planLate} />}
            {p.overdue && p.editable && <Alert type="error" showIcon title={S.planOverdue} data-testid="plan-overdue" />}
            <Card
              size="small"
              title={`${Number(p.month.slice(5, 7))}月书目`}
              extra={
                p.editable &&
                !adding && (
                  <Button type="link" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="plan-add">
                    {S.addBook}
                  </Button>
                )
              }
            >
              {adding && p.editable && (
                <div style={{ paddingBottom: 12, borderBottom: '1px solid #f3efea' }}>
                  <AddForm key={p.month} plan={p} onDone={() => setAdding(false)} />
                </div>
              )}
              {p.items.length === 0 && !adding ? (
                <Empty description={p.editable ? S.planEmptyOf(p.month) : S.pastEmpty} image={Empty.PRESENTED_IMAGE_SIMPLE}>
                  {p.editable && (
                    <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
                      {S.addBook}
                    </Button>
                  )}
                </Empty>
              ) : (
                p.items.map((i) => <ItemRow key={i.id} item={i} editable={p.editable} />)
              )}
            </Card>
          </>
        )}
      </div>
    </>
  );
}
