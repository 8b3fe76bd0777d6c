import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, Card, DatePicker, Empty, Input, InputNumber, Popconfirm, Skeleton, Tag } from 'antd';
import { CalendarOutlined, FireOutlined, PauseCircleOutlined, PlayCircleOutlined, RightOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { toastSuccess } from '../../../components/feedback';
import { useAddLog, useCancelTimer, useDeleteLog, useHeatmap, useLogs, useStartTimer, useStopTimer, useStudyHome, type StudyHome } from '../api';
import { BookPicker } from '../components/BookPicker';
import { Heatmap } from '../components/Heatmap';
import { Ring } from '../components/Ring';
import { TopBar } from '../../../components/TopBar';
import { fmtDate, fmtMinutes, S } from '../strings';

const pad = (n: number) => String(n).padStart(2, '0');
const clockText = (s: number) => `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;

function TodayCard({ h, bestStreak }: { h: StudyHome; bestStreak?: number }) {
  const left = Math.max(0, h.target - h.todayMinutes);
  return (
    <Card size="small" styles={{ body: { display: 'flex', gap: 12, alignItems: 'center' } }}>
      <Ring value={h.todayMinutes} target={h.target} />
      <div style={{ flex: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: 6 }}>
        <div style={{ fontSize: 15, fontWeight: 600 }} data-testid="today-status">
          {!h.todayRequired ? S.notRequired(h.todayName) : left === 0 ? S.todayDone : S.todayLeft(left)}
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 6 }} data-testid="streak">
          <FireOutlined style={{ color: '#d4380d' }} />
          <span>
            {S.streak} <b style={{ fontSize: 18 }}>{h.streak}</b> 天
          </span>
          {bestStreak !== undefined && <span style={{ fontSize: 12, color: '#8c847d' }}>{S.bestStreak(bestStreak)}</span>}
        </div>
        <div style={{ fontSize: 13, color: '#4a4440' }}>
          {S.month} {S.monthProgress(h.monthMinutes, h.monthTarget)} · {S.daysMet(h.daysMet, h.requiredDaysSoFar)}
        </div>
        <div style={{ fontSize: 13, color: h.aheadBy >= 0 ? '#389e0d' : '#cf1322', fontWeight: 600 }} data-testid="schedule">
          {h.aheadBy > 0 ? S.ahead(h.aheadBy) : h.aheadBy < 0 ? S.behind(-h.aheadBy) : S.onSchedule}
        </div>
      </div>
    </Card>
  );
}

function TimerCard({ h }: { h: StudyHome }) {
  const { modal } = App.useApp();
  const start = useStartTimer();
  const stop = useStopTimer();
  const cancel = useCancelTimer();
  const [book, setBook] = useState<{ id: number | null; title: string }>({ id: null, title: '' });
  const [progress, setProgress] = useState('');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!h.timer.running) return;
    const i = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(i);
  }, [h.timer.running]);
  // The server's start time is what counts; the phone only shows it ticking.
  const elapsed = h.timer.startedAt ? Math.max(h.timer.elapsedSeconds, Math.floor((now - Date.parse(h.timer.startedAt)) / 1000)) : 0;
  const over = elapsed > h.timer.maxMinutes * 60;
  return (
    <Card size="small" title={S.timer}>
      {h.timer.running ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }} data-testid="timer-running">
          <div style={{ textAlign: 'center', fontSize: 34, fontVariantNumeric: 'tabular-nums', fontWeight: 600, color: '#9e1b1b' }} data-testid="timer-clock">
            {clockText(elapsed)}
          </div>
          <div style={{ textAlign: 'center', fontSize: 12, color: '#8c847d' }}>
            {h.timer.bookTitle ? `《${h.timer.bookTitle}》 · ` : ''}
            {S.timerRunning}
          </div>
          {over && <Alert type="warning" showIcon title={S.timerOver(h.timer.maxMinutes)} data-testid="timer-over" />}
          <Input placeholder={S.quickProgressPh} value={progress} onChange={(e) => setProgress(e.target.value)} aria-label={S.quickProgress} />
          <div style={{ display: 'flex', gap: 8 }}>
            <Button
              type="primary"
              size="large"
              block
              icon={<PauseCircleOutlined />}
              loading={stop.isPending}
              data-testid="timer-stop"
              onClick={() =>
                stop.mutateAsync({ progress }).then((r) => {
                  setProgress('');
                  // A capped or cut run is told in a dialog that stays until read, not a passing toast.
                  if (r.message) modal.warning({ title: S.timerLogged(r.minutes), content: <span data-testid="timer-message">{r.message}</span>, okText: S.gotIt });
                  else toastSuccess(r.minutes > 0 ? S.timerLogged(r.minutes) : S.timerTooShort);
                })
              }
            >
              {S.timerStop}
            </Button>
            <Popconfirm title={`${S.timerCancel}？`} onConfirm={() => cancel.mutate()}>
              <Button size="large">{S.timerCancel}</Button>
            </Popconfirm>
          </div>
        </div>
      ) : (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }}>
          <BookPicker placeholder={S.timerBook} allowFree onPick={(b, text) => setBook({ id: b?.id ?? null, title: text })} testId="timer-book" />
          <Button
            type="primary"
            size="large"
            block
            icon={<PlayCircleOutlined />}
            loading={start.isPending}
            data-testid="timer-start"
            onClick={() => start.mutate(book.id ? { bookId: book.id } : { bookTitle: book.title.trim() || null })}
          >
            {S.timerStart}
          </Button>
        </div>
      )}
    </Card>
  );
}

function QuickEntry({ h }: { h: StudyHome }) {
  const add = useAddLog();
  const [day, setDay] = useState<Dayjs>(dayjs(h.today));
  const [minutes, setMinutes] = useState<number | null>(null);
  const [book, setBook] = useState<{ id: number | null; title: string }>({ id: null, title: '' });
  const [progress, setProgress] = useState('');
  const [note, setNote] = useState('');
  const [key, setKey] = useState(0);
  const save = () => {
    if (!minutes) return;
    add
      .mutateAsync({ day: day.format('YYYY-MM-DD'), minutes, ...(book.id ? { bookId: book.id } : { bookTitle: book.title.trim() || null }), progress, note })
      .then(() => {
        toastSuccess(S.quickSaved);
        setMinutes(null);
        setProgress('');
        setNote('');
        setKey((k) => k + 1);
      })
      .catch(() => undefined);
  };
  return (
    <Card size="small" title={S.quick} extra={<span style={{ fontSize: 12, color: '#8c847d' }}>{S.backfillHint(h.backfillFrom)}</span>}>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 8 }}>
        <DatePicker
          value={day}
          allowClear={false}
          inputReadOnly
          onChange={(d) => d && setDay(d)}
          disabledDate={(d) => d.isAfter(dayjs(h.today), 'day') || d.isBefore(dayjs(h.backfillFrom), 'day')}
          aria-label={S.quickDay}
        />
        <InputNumber<number>
          value={minutes}
          onChange={(v) => setMinutes(v)}
          min={1}
          max={1440}
          precision={0}
          inputMode="numeric"
          placeholder={S.quickMinutes}
          suffix="分钟"
          style={{ width: '100%' }}
          data-testid="quick-minutes"
        />
        <div style={{ gridColumn: '1 / 3' }}>
          <BookPicker key={key} placeholder={S.quickBookPh} allowFree onPick={(b, text) => setBook({ id: b?.id ?? null, title: text })} />
        </div>
        <Input style={{ gridColumn: '1 / 3' }} placeholder={S.quickProgressPh} value={progress} onChange={(e) => setProgress(e.target.value)} aria-label={S.quickProgress} />
        <Input style={{ gridColumn: '1 / 3' }} placeholder={S.quickNote} value={note} onChange={(e) => setNote(e.target.value)} aria-label={S.quickNote} />
        <Button style={{ gridColumn: '1 / 3' }} type="primary" ghost size="large" disabled={!minutes} loading={add.isPending} onClick={save} data-testid="quick-save">
          {S.quickSave}
        </Button>
      </div>
    </Card>
  );
}

function Recent({ backfillFrom }: { backfillFrom: string }) {
  const logs = useLogs();
  const del = useDeleteLog();
  if (logs.isPending) return <Skeleton active />;
  const list = (logs.data ?? []).slice(0, 15);
  if (list.length === 0) return <Empty description={S.noLogs} image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <div data-testid="recent-logs">
      {list.map((l) => (
        <div key={l.id} style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 0', borderBottom: '1px solid #f3efea' }} data-testid="log-row">
          <div style={{ width: 52, fontSize: 12, color: '#8c847d' }}>{fmtDate(l.day)}</div>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              {l.bookTitle ? `《${l.bookTitle}》` : S.kinds[l.kind] ?? l.kind}
              {l.progress ? <span style={{ color: '#8c847d', fontSize: 12 }}> {l.progress}</span> : null}
            </div>
            <div style={{ fontSize: 12, color: '#a8a09a' }}>
              <Tag style={{ marginInlineEnd: 4 }} bordered={false}>
                {S.kinds[l.kind] ?? l.kind}
              </Tag>
              {S.sources[l.source] ?? ''}
              {l.note ? ` · ${l.note}` : ''}
            </div>
          </div>
          <div style={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }} data-testid="log-minutes">
            {l.minutes} 分
          </div>
          {l.kind === 'reading' && (l.source === 'manual' || l.source === 'timer') && l.day >= backfillFrom && (
            <Popconfirm title={S.delConfirm} onConfirm={() => del.mutate(l.id)}>
              <Button type="link" size="small" danger>
                {S.del}
              </Button>
            </Popconfirm>
          )}
        </div>
      ))}
    </div>
  );
}

const MORE = [
  { to: '/study/year-plan', label: S.more.yearPlan, hint: S.more.yearPlanHint },
  { to: '/study/sessions', label: S.more.sessions, hint: S.more.sessionsHint },
  { to: '/learning', label: S.more.learning, hint: S.more.learningHint },
  { to: '/notes', label: S.more.notes, hint: S.more.notesHint },
];

/** The other kinds of study, one tap away. */
function MoreLinks() {
  return (
    <Card size="small" title={S.more.title} styles={{ body: { padding: 0 } }}>
      {MORE.map((m, i) => (
        <Link key={m.to} to={m.to} data-testid={`more-${m.to.slice(1).replace('/', '-')}`} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 52, padding: '8px 12px', color: 'inherit', borderTop: i ? '1px solid #f3efea' : undefined }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <div style={{ fontWeight: 600 }}>{m.label}</div>
            <div style={{ fontSize: 12, color: '#8c847d' }}>{m.hint}</div>
          </div>
          <RightOutlined style={{ color: '#b5aca4' }} />
        </Link>
      ))}
    </Card>
  );
}

/** 每日学习: today's ring, the timer, quick entry, the heat map. */
export default function StudyPage() {
  const home = useStudyHome();
  const today = home.data?.today ?? dayjs().format('YYYY-MM-DD');
  const from = dayjs(today).subtract(19, 'week').startOf('week').format('YYYY-MM-DD');
  const heat = useHeatmap(from, today);
  const h = home.data;
  return (
    <>
      <TopBar
        title={S.studyTitle}
        back="/"
        extra={
          <Link to="/study/plan" data-testid="to-plan">
            <Button type="link" icon={<CalendarOutlined />}>
              {S.toPlan}
            </Button>
          </Link>
        }
      />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        {!h ? (
          <Skeleton active paragraph={{ rows: 6 }} />
        ) : (
          <>
            <TodayCard h={h} bestStreak={heat.data?.bestStreak} />
            <TimerCard key={h.timer.startedAt ?? 'idle'} h={h} />
            <QuickEntry h={h} />
            <Card size="small" title={S.heatmap} extra={<span style={{ fontSize: 12, color: '#8c847d' }}>{fmtMinutes(h.target)}/天</span>}>
              {heat.data ? <Heatmap days={heat.data.days} target={heat.data.target} /> : <Skeleton active paragraph={{ rows: 3 }} />}
            </Card>
            <Card size="small" title={S.recent}>
              <Recent backfillFrom={h.backfillFrom} />
            </Card>
            <MoreLinks />
          </>
        )}
      </div>
    </>
  );
}
