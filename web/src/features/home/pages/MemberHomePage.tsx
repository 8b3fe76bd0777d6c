import { useEffect, type ReactNode } from 'react';
import { Link } from 'react-router';
import dayjs from 'dayjs';
import { useIsFetching, useQuery } from '@tanstack/react-query';
import '../../../app/dayjs-zh';
import { prefetchMemberPages } from '../../../app/chunks';
import { PlainCard, PlainSkeleton } from '../../../components/PlainCard';
import { BookIcon, CalendarIcon, CheckSquareIcon, DesktopIcon, FileTextIcon, FormIcon, GlobeIcon, PenIcon, RightIcon, TeamIcon, WrenchIcon } from '../../../components/PlainIcons';
import { AnnouncementsCard } from '../../display/components/AnnouncementsCard';
import { Bell } from '../../inbox/components/Bell';
import { api } from '../../../api/client';
import { isConsoleUser, useSignedIn } from '../../../api/session';
import { useMyRectifications, usePlanSettings } from '../api';
import { S } from '../strings';
import './MemberHomePage.css';

// The member home is plain elements and MemberHomePage.css, no antd (issue 11: a phone's first load under
// 250 kB). Toasts still show: components/feedback.ts draws its own while antd's App is not mounted.

interface Tile {
  key: keyof typeof S.tiles;
  icon: ReactNode;
  /** Where the tile goes: only built modules have a tile. */
  to: string;
}

const TILES: Tile[] = [
  { key: 'loans', icon: <BookIcon />, to: '/library/my' },
  { key: 'readingPlan', icon: <CalendarIcon />, to: '/study/plan' },
  { key: 'studyLog', icon: <CheckSquareIcon />, to: '/study' },
  { key: 'notes', icon: <PenIcon />, to: '/notes' },
  { key: 'reflections', icon: <FileTextIcon />, to: '/reflections' },
  { key: 'checkIn', icon: <TeamIcon />, to: '/study/sessions' },
  { key: 'learning', icon: <GlobeIcon />, to: '/learning' },
  { key: 'tests', icon: <FormIcon />, to: '/exams' },
];

function FeatureTile({ tile }: { tile: Tile }) {
  const label = S.tiles[tile.key];
  return (
    <Link to={tile.to} className="sx-home-tile" data-testid={`tile-${tile.key}`}>
      <span className="sx-home-tile-icon">{tile.icon}</span>
      <span className={label.length > 4 ? 'sx-home-tile-label sx-home-tile-label-long' : 'sx-home-tile-label'}>{label}</span>
    </Link>
  );
}

function Goals() {
  const { data, isPending } = usePlanSettings();
  if (isPending) return <PlainSkeleton rows={2} />;
  if (!data) return null;
  const get = (key: string) => data.items.find((s) => s.key === key);
  const goals = [
    { label: S.goalBooks, s: get('plan.booksPerMonth') },
    { label: S.goalMinutes, s: get('plan.dailyStudyMinutes') },
    { label: S.goalReflection, s: get('plan.reflectionMinChars') },
  ];
  return (
    <>
      <div className="sx-home-goals">
        {goals.map((g) => (
          <div key={g.label} className="sx-home-goal">
            <div className="sx-home-goal-label">{g.label}</div>
            <div className="sx-home-goal-value">
              ≥{String(g.s?.value ?? '—')}
              <span className="sx-home-goal-unit">{g.s?.unit}</span>
            </div>
          </div>
        ))}
      </div>
      <p className="sx-home-note">{S.goalSource}</p>
    </>
  );
}

// The study progress card reads /api/study/home (the study feature's endpoint; features do not import each other).
interface StudyProgress {
  target: number;
  todayMinutes: number;
  todayRequired: boolean;
  monthMinutes: number;
  monthTarget: number;
  aheadBy: number;
  streak: number;
  plan: { booksPerMonth: number; finished: number; deadline: string; overdue: boolean; items: { id: number; title: string; status: string; progress: string; targetOn: string }[] };
  nextSession: { topic: string; place: string; startsAt: string } | null;
  timer: { running: boolean };
}

function StudyCard() {
  const { data, isPending, isError } = useQuery({ queryKey: ['study', 'home'], queryFn: () => api.get<StudyProgress>('/study/home') });
  if (isPending) return <PlainSkeleton rows={3} />;
  if (isError || !data) return null;
  const pct = data.target > 0 ? Math.min(100, Math.round((data.todayMinutes / data.target) * 100)) : 100;
  const reading = data.plan.items.filter((i) => i.status !== 'finished');
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 10 }} data-testid="study-card">
      <Link to="/study" style={{ color: 'inherit' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline' }}>
          <span style={{ fontSize: 13, color: '#6b6560' }}>{S.study.today}</span>
          <span style={{ fontSize: 13, color: '#6b6560' }}>
            {S.study.streak(data.streak)}
            {data.timer.running ? ` · ${S.study.timerOn}` : ''}
          </span>
        </div>
        <div style={{ display: 'flex', alignItems: 'baseline', gap: 4, margin: '2px 0 6px' }}>
          <b style={{ fontSize: 26, color: data.todayMinutes >= data.target ? '#389e0d' : '#9e1b1b' }} data-testid="study-today">
            {data.todayMinutes}
          </b>
          <span style={{ color: '#8c847d' }}>/ {data.target} 分钟</span>
        </div>
        <div style={{ height: 8, background: '#f3e6e3', borderRadius: 4, overflow: 'hidden' }}>
          <div style={{ width: `${pct}%`, height: '100%', background: data.todayMinutes >= data.target ? '#389e0d' : '#9e1b1b' }} />
        </div>
        <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12, marginTop: 6 }}>
          <span style={{ color: '#6b6560' }}>{S.study.month(data.monthMinutes, data.monthTarget)}</span>
          <span style={{ color: data.aheadBy >= 0 ? '#389e0d' : '#cf1322', fontWeight: 600 }} data-testid="study-schedule">
            {data.aheadBy >= 0 ? S.study.ahead(data.aheadBy) : S.study.behind(-data.aheadBy)}
          </span>
        </div>
      </Link>
      <Link to="/study/plan" style={{ color: 'inherit', borderTop: '1px solid #f3efea', paddingTop: 8 }} data-testid="study-plan-summary">
        <div style={{ fontSize: 13, color: '#6b6560' }}>{S.study.books(data.plan.finished, data.plan.booksPerMonth)}</div>
        {data.plan.items.length === 0 ? (
          <div style={{ color: data.plan.overdue ? '#cf1322' : '#d46b08', fontSize: 14 }}>{S.study.noPlan(data.plan.deadline, data.plan.overdue)}</div>
        ) : (
          reading.slice(0, 2).map((i) => (
            <div key={i.id} style={{ fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
              《{i.title}》{i.progress ? <span style={{ color: '#8c847d', fontSize: 12 }}> {S.study.at(i.progress)}</span> : null}
            </div>
          ))
        )}
      </Link>
      {data.nextSession && (
        <Link to="/study/sessions" style={{ color: 'inherit', borderTop: '1px solid #f3efea', paddingTop: 8, fontSize: 13 }} data-testid="study-next-session">
          <span style={{ color: '#6b6560' }}>{S.study.nextSession}</span> {dayjs(data.nextSession.startsAt).format('M月D日 HH:mm')} · {data.nextSession.topic}
          {data.nextSession.place ? ` · ${data.nextSession.place}` : ''}
        </Link>
      )}
    </div>
  );
}

// The next seminar card reads /api/seminars/mine (the seminars feature's endpoint).
interface NextSeminar {
  next: { id: number; theme: string; date: string; start: string; speaking: boolean; speakers: string[] } | null;
}

function SeminarCard() {
  const { data, isPending } = useQuery({ queryKey: ['seminars', 'mine'], queryFn: () => api.get<NextSeminar>('/seminars/mine') });
  if (isPending) return <PlainSkeleton rows={1} />;
  const next = data?.next;
  return (
    <Link to={next ? `/seminars/${next.id}` : '/seminars'} style={{ color: 'inherit', display: 'flex', alignItems: 'center', gap: 8 }} data-testid="home-seminar">
      <div style={{ flex: 1, minWidth: 0 }}>
        {next ? (
          <>
            <div style={{ fontSize: 13, color: '#6b6560' }}>
              {S.seminar.next} · {dayjs(next.date).format('M月D日')} {next.start}
            </div>
            <div style={{ fontSize: 15, fontWeight: 600, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{next.theme}</div>
          </>
        ) : (
          <div style={{ fontSize: 13, color: '#8c847d' }}>{S.seminar.none}</div>
        )}
      </div>
      {next && (
        <span data-testid="home-seminar-speaking" style={{ fontSize: 12, padding: '2px 8px', borderRadius: 10, background: next.speaking ? '#9e1b1b' : '#f3efea', color: next.speaking ? '#fff' : '#6b6560', whiteSpace: 'nowrap' }}>
          {next.speaking ? S.seminar.speak : S.seminar.listen}
        </span>
      )}
      <RightIcon className="sx-home-chevron" />
    </Link>
  );
}

/** The cadre's own rectification tasks (整改), shown only while some are not yet closed. */
function RectificationCard() {
  const { data } = useMyRectifications(true);
  const n = data ? data.open + data.submitted : 0;
  if (!data || n === 0) return null;
  const urgent = data.open > 0;
  return (
    <Link to="/assessment/rectifications" data-testid="home-rectifications" className="sx-card sx-home-linkcard">
      <WrenchIcon className="sx-home-linkcard-icon" style={{ color: urgent ? '#cf1322' : '#d46b08' }} />
      <div className="sx-home-linkcard-text">
        <div className="sx-home-linkcard-title">{S.rectifications.title}</div>
        <div className="sx-home-linkcard-hint" style={data.overdue ? { color: '#cf1322' } : undefined}>
          {S.rectifications.line(data)}
        </div>
      </div>
      <span data-testid="home-rectifications-count" style={{ minWidth: 22, padding: '0 7px', borderRadius: 11, background: urgent ? '#cf1322' : '#d46b08', color: '#fff', fontSize: 13, lineHeight: '22px', textAlign: 'center' }}>
        {n}
      </span>
      <RightIcon className="sx-home-chevron" />
    </Link>
  );
}

/** The cadre's home on a phone: who they are, what they can do, this year's goals. */
export default function MemberHomePage() {
  const me = useSignedIn();
  const now = dayjs();
  const name = me.member?.name ?? me.user.displayName;
  // Once the cards have their data, the pages behind the tab bar (and antd) load while the phone is idle.
  const settled = useIsFetching() === 0;
  useEffect(() => {
    if (settled) prefetchMemberPages();
  }, [settled]);
  return (
    <div className="sx-home">
      <header className="sx-home-header">
        <div className="sx-home-topline">
          <div className="sx-home-date">{now.format('YYYY年M月D日 dddd')}</div>
          <Bell to="/inbox" color="#fff" />
        </div>
        <h1 data-testid="member-greeting" className="sx-home-greeting">
          {S.greeting(now.hour())}，{name}
        </h1>
        <div className="sx-home-unit" data-testid="member-unit">
          {me.member ? `${me.member.unitName}${me.member.position ? ` · ${me.member.position}` : ''}` : S.noUnit}
        </div>
      </header>
      <div className="sx-home-cards">
        {isConsoleUser(me) && (
          <Link to="/console" data-testid="to-console" className="sx-card sx-home-linkcard">
            <DesktopIcon className="sx-home-linkcard-icon" style={{ color: '#9e1b1b' }} />
            <div className="sx-home-linkcard-text">
              <div className="sx-home-linkcard-title">{S.toConsole}</div>
              <div className="sx-home-linkcard-hint">{S.toConsoleHint}</div>
            </div>
            <RightIcon className="sx-home-chevron" />
          </Link>
        )}
        {me.member && <RectificationCard />}
        {me.member && <AnnouncementsCard />}
        {me.member && (
          <PlainCard title={S.study.title}>
            <StudyCard />
          </PlainCard>
        )}
        {me.member && (
          <PlainCard title={S.seminar.title}>
            <SeminarCard />
          </PlainCard>
        )}
        <PlainCard title={S.features} bodyStyle={{ padding: 8 }}>
          <div className="sx-home-tiles" data-testid="feature-grid">
            {TILES.map((t) => (
              <FeatureTile key={t.key} tile={t} />
            ))}
          </div>
        </PlainCard>
        <PlainCard title={S.yearGoals(now.year())}>
          <Goals />
        </PlainCard>
      </div>
    </div>
  );
}
