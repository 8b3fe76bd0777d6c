import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Progress, Segmented, Skeleton, Tag } from 'antd';
import { BookOutlined, CalendarOutlined, RightOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { TopBar } from '../../../components/TopBar';
import { useMyYearPlan, type MyPlanBook, type MyPlanSession } from '../api';
import { S } from '../strings';

function BookRow({ b }: { b: MyPlanBook }) {
  return (
    <div style={{ display: 'flex', alignItems: 'flex-start', gap: 8, padding: '6px 0' }} data-testid="year-plan-book">
      <BookOutlined style={{ color: '#9e1b1b', marginTop: 4 }} />
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontWeight: 600, lineHeight: 1.5 }}>《{b.title}》</div>
        {b.authors && <div style={{ fontSize: 12, color: '#8c847d' }}>{b.authors}</div>}
      </div>
      {b.status === 'finished' ? (
        <Tag color="success" style={{ marginInlineEnd: 0 }} data-testid="year-plan-book-status">
          {S.my.read(b.finishedOn ? dayjs(b.finishedOn).format('M月D日') : '')}
        </Tag>
      ) : b.status === 'reading' ? (
        <Tag color="processing" style={{ marginInlineEnd: 0 }} data-testid="year-plan-book-status">
          {S.my.reading}
        </Tag>
      ) : (
        <Tag style={{ marginInlineEnd: 0 }} data-testid="year-plan-book-status">
          {S.my.unread}
        </Tag>
      )}
    </div>
  );
}

function SessionRow({ s }: { s: MyPlanSession }) {
  return (
    <div style={{ padding: '6px 0', color: s.attending ? undefined : '#a8a09a' }} data-testid="year-plan-session">
      <div style={{ display: 'flex', gap: 6, alignItems: 'baseline', flexWrap: 'wrap' }}>
        <span style={{ fontSize: 13, color: '#6b6560', fontVariantNumeric: 'tabular-nums' }}>{s.when}</span>
        {s.upcoming && s.attending && (s.status === 'open' ? <Tag color="green">{S.my.open}</Tag> : <Tag color="red">{S.my.upcoming}</Tag>)}
        {!s.attending && <span style={{ fontSize: 12 }}>{S.my.otherUnits}</span>}
      </div>
      <div style={{ lineHeight: 1.5 }}>
        {s.topic}
        {s.place ? <span style={{ fontSize: 12, color: '#8c847d' }}> · {s.place}</span> : null}
      </div>
    </div>
  );
}

/** 我的年度学习计划 (phone): the unit's plan month by month — themes, 必学书目 with whether I have read each, collective sessions. */
export default function MyYearPlanPage() {
  const thisYear = dayjs().year();
  const thisMonth = dayjs().month() + 1;
  const [year, setYear] = useState(thisYear);
  const q = useMyYearPlan(year);
  const p = q.data?.plan ?? null;
  const [open, setOpen] = useState<number | null>(null);
  // This month opens by itself; a member plans this month and the next.
  const shown = open ?? (year === thisYear ? thisMonth : 1);
  const plannable = [dayjs().format('YYYY-MM'), dayjs().add(1, 'month').format('YYYY-MM')];

  return (
    <>
      <TopBar
        title={S.my.title}
        back="/study"
        extra={
          <Link to="/study/plan" data-testid="to-month-plan">
            <Button type="link" icon={<CalendarOutlined />}>
              {S.my.monthPlan}
            </Button>
          </Link>
        }
      />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Segmented
          block
          value={year}
          onChange={(v) => (setYear(Number(v)), setOpen(null))}
          options={[thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: `${y}年` }))}
          data-testid="year-plan-year"
        />
        {q.isPending ? (
          <Skeleton active paragraph={{ rows: 8 }} />
        ) : !p ? (
          <Empty description={S.my.none(year)} data-testid="year-plan-none" />
        ) : (
          <>
            <Card size="small">
              <div style={{ fontSize: 17, fontWeight: 600, lineHeight: 1.4 }} data-testid="year-plan-title">
                {p.title}
              </div>
              {p.notes && <div style={{ fontSize: 13, color: '#6b6560', margin: '6px 0', lineHeight: 1.7 }}>{p.notes}</div>}
              <div style={{ fontSize: 13, marginTop: 6 }} data-testid="year-plan-progress">
                {S.my.progress(p.booksRead, p.booksTotal)}
              </div>
              <Progress percent={p.booksTotal ? Math.round((100 * p.booksRead) / p.booksTotal) : 0} showInfo={false} strokeColor="#9e1b1b" />
            </Card>
            {p.nextSession && (
              <Link to="/study/sessions" style={{ color: 'inherit' }} data-testid="year-plan-next">
                <Card size="small" styles={{ body: { display: 'flex', alignItems: 'center', gap: 8 } }}>
                  <div style={{ flex: 1, minWidth: 0 }}>
                    <div style={{ fontSize: 12, color: '#8c847d' }}>{S.my.next}</div>
                    <div style={{ fontWeight: 600 }}>{p.nextSession.topic}</div>
                    <div style={{ fontSize: 13, color: '#6b6560' }}>
                      {p.nextSession.when}
                      {p.nextSession.place ? ` · ${p.nextSession.place}` : ''}
                    </div>
                  </div>
                  <RightOutlined style={{ color: '#b5aca4' }} />
                </Card>
              </Link>
            )}
            {p.yearBooks.length > 0 && (
              <Card size="small" title={S.my.yearBooks}>
                {p.yearBooks.map((b) => (
                  <BookRow key={b.bookId} b={b} />
                ))}
              </Card>
            )}
            {p.months.map((m) => {
              const isNow = year === thisYear && m.month === thisMonth;
              const expanded = shown === m.month;
              const ym = `${year}-${String(m.month).padStart(2, '0')}`;
              const empty = !m.theme && !m.content && m.books.length === 0 && m.sessions.length === 0;
              return (
                <div key={m.month}>
                  <Card
                    size="small"
                    data-testid="year-plan-month"
                    style={isNow ? { borderColor: '#d9a3a3' } : undefined}
                    styles={{ body: { padding: 0 } }}
                  >
                    <button
                      type="button"
                      onClick={() => setOpen(expanded ? 0 : m.month)}
                      aria-expanded={expanded}
                      style={{ all: 'unset', boxSizing: 'border-box', width: '100%', display: 'flex', alignItems: 'center', gap: 8, padding: '10px 12px', minHeight: 48, cursor: 'pointer' }}
                    >
                      <span style={{ width: 40, fontWeight: 700, color: isNow ? '#9e1b1b' : '#4a4440' }}>{m.month}月</span>
                      <span style={{ flex: 1, minWidth: 0, fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: expanded ? 'normal' : 'nowrap', color: empty ? '#a8a09a' : undefined }}>
                        {m.theme || S.my.noTheme}
                      </span>
                      {isNow && <Tag color="red">{S.my.thisMonth}</Tag>}
                      {!expanded && m.books.length > 0 && <Tag bordered={false}>{S.my.bookCount(m.books.length)}</Tag>}
                      <RightOutlined style={{ color: '#b5aca4', transform: expanded ? 'rotate(90deg)' : undefined, transition: 'transform .2s' }} />
                    </button>
                    {expanded && (
                      <div style={{ padding: '0 12px 12px', borderTop: '1px solid #f3efea' }} data-testid="year-plan-month-body">
                        {m.content && <div style={{ fontSize: 13, color: '#4a4440', lineHeight: 1.7, marginTop: 8, whiteSpace: 'pre-wrap' }}>{m.content}</div>}
                        {m.books.length > 0 && (
                          <>
                            <div style={{ fontSize: 12, color: '#8c847d', marginTop: 10 }}>{S.my.books}</div>
                            {m.books.map((b) => (
                              <BookRow key={b.bookId} b={b} />
                            ))}
                          </>
                        )}
                        {m.sessions.length > 0 && (
                          <>
                            <div style={{ fontSize: 12, color: '#8c847d', marginTop: 10 }}>{S.my.sessions}</div>
                            {m.sessions.map((s) => (
                              <SessionRow key={s.id} s={s} />
                            ))}
                          </>
                        )}
                        {empty && <div style={{ fontSize: 13, color: '#a8a09a', marginTop: 8 }}>{S.my.emptyMonth}</div>}
                        {m.books.some((b) => b.status === 'none') && plannable.includes(ym) && (
                          <Link to={`/study/plan?month=${ym}&add=1`}>
                            <Button block style={{ marginTop: 8 }} data-testid="year-plan-add">
                              {S.my.addToPlan}
                            </Button>
                          </Link>
                        )}
                      </div>
                    )}
                  </Card>
                </div>
              );
            })}
          </>
        )}
      </div>
    </>
  );
}
