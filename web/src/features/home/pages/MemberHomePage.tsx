import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Skeleton, Typography } from 'antd';
import { AnnouncementsCard } from '../../display/components/AnnouncementsCard';
import {
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DesktopOutlined,
  EditOutlined,
  FileTextOutlined,
  FormOutlined,
  GlobalOutlined,
  RightOutlined,
  TeamOutlined,
  ToolOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { Bell } from '../../inbox/components/Bell';
import { api } from '../../../api/client';
import { isConsoleUser, useSignedIn } from '../../../api/session';
import { useMyRectifications, usePlanSettings } from '../api';
import { S } from '../strings';

interface Tile {
  key: keyof typeof S.tiles;
  icon: ReactNode;
  /** Where the tile goes: only built modules have a tile. */
  to: string;
}

const TILES: Tile[] = [
  { key: 'loans', icon: <BookOutlined />, to: '/library/my' },
  { key: 'readingPlan', icon: <CalendarOutlined />, to: '/study/plan' },
  { key: 'studyLog', icon: <CheckSquareOutlined />, to: '/study' },
  { key: 'notes', icon: <EditOutlined />, to: '/notes' },
  { key: 'reflections', icon: <FileTextOutlined />, to: '/reflections' },
  { key: 'checkIn', icon: <TeamOutlined />, to: '/study/sessions' },
  { key: 'learning', icon: <GlobalOutlined />, to: '/learning' },
  { key: 'tests', icon: <FormOutlined />, to: '/exams' },
];

function FeatureTile({ tile }: { tile: Tile }) {
  const label = S.tiles[tile.key];
  const style = { minHeight: 92, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 6, padding: '10px 2px', borderRadius: 10, background: '#fff' } as const;
  return (
    <Link to={tile.to} style={style} data-testid={`tile-${tile.key}`}>
      <span style={{ fontSize: 26, color: '#9e1b1b', lineHeight: 1 }}>{tile.icon}</span>
      <span style={{ fontSize: label.length > 4 ? 12 : 13, color: '#2b2b2b', lineHeight: 1.3, textAlign: 'center', whiteSpace: 'nowrap' }}>{label}</span>
    </Link>
  );
}

function Goals() {
  const { data, isPending } = usePlanSettings();
  if (isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (!data) return null;
  const get = (key: string) => data.items.find((s) => s.key === key);
  const goals = [
    { label: S.goalBooks, s: get('plan.booksPerMonth') },
    { label: S.goalMinutes, s: get('plan.dailyStudyMinutes') },
    { label: S.goalReflection, s: get('plan.reflectionMinChars') },
  ];
  return (
    <>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 8 }}>
        {goals.map((g) => (
          <div key={g.label} style={{ textAlign: 'center', background: '#fbf3f1', borderRadius: 8, padding: '10px 4px' }}>
            <div style={{ fontSize: 12, color: '#6b6560' }}>{g.label}</div>
            <div style={{ fontSize: 20, fontWeight: 600, color: '#9e1b1b' }}>
              ≥{String(g.s?.value ?? '—')}
              <span style={{ fontSize: 12, fontWeight: 400, marginLeft: 2 }}>{g.s?.unit}</span>
            </div>
          </div>
        ))}
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0 0' }}>
        {S.goalSource}
      </Typography.Paragraph>
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
  if (isPending) return <Skeleton active paragraph={{ rows: 3 }} />;
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
  if (isPending) return <Skeleton active paragraph={{ rows: 1 }} />;
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
      <RightOutlined style={{ color: '#b5aca4' }} />
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
    <Link to="/assessment/rectifications" data-testid="home-rectifications">
      <Card size="small" styles={{ body: { display: 'flex', alignItems: 'center', gap: 12, minHeight: 56 } }}>
        <ToolOutlined style={{ fontSize: 22, color: urgent ? '#cf1322' : '#d46b08' }} />
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontWeight: 600, color: '#2b2b2b' }}>{S.rectifications.title}</div>
          <div style={{ fontSize: 12, color: data.overdue ? '#cf1322' : '#8c847d' }}>{S.rectifications.line(data)}</div>
        </div>
        <span data-testid="home-rectifications-count" style={{ minWidth: 22, padding: '0 7px', borderRadius: 11, background: urgent ? '#cf1322' : '#d46b08', color: '#fff', fontSize: 13, lineHeight: '22px', textAlign: 'center' }}>
          {n}
        </span>
        <RightOutlined style={{ color: '#b5aca4' }} />
      </Card>
    </Link>
  );
}

/** The cadre's home on a phone: who they are, what they can do, this year's goals. */
export default function MemberHomePage() {
  const me = useSignedIn();
  const now = dayjs();
  const name = me.member?.name ?? me.user.displayName;
  return (
    <div>
      <header style={{ background: '#9e1b1b', color: '#fff', padding: '20px 16px 36px' }}>
        <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', margin: '-8px -8px 0 0' }}>
          <div style={{ fontSize: 13, opacity: 0.85 }}>{now.format('YYYY年M月D日 dddd')}</div>
          <Bell to="/inbox" color="#fff" />
        </div>
        <h1 data-testid="member-greeting" style={{ fontSize: 22, fontWeight: 600, margin: '6px 0 2px', color: '#fff' }}>
          {S.greeting(now.hour())}，{name}
        </h1>
        <div style={{ fontSize: 14, opacity: 0.9 }} data-testid="member-unit">
          {me.member ? `${me.member.unitName}${me.member.position ? ` · ${me.member.position}` : ''}` : S.noUnit}
        </div>
      </header>
      <div style={{ padding: '0 12px', marginTop: -22, display: 'flex', flexDirection: 'column', gap: 12 }}>
        {isConsoleUser(me) && (
          <Link to="/console" data-testid="to-console">
            <Card size="small" styles={{ body: { display: 'flex', alignItems: 'center', gap: 12, minHeight: 56 } }}>
              <DesktopOutlined style={{ fontSize: 22, color: '#9e1b1b' }} />
              <div style={{ flex: 1, minWidth: 0 }}>
                <div style={{ fontWeight: 600, color: '#2b2b2b' }}>{S.toConsole}</div>
                <div style={{ fontSize: 12, color: '#8c847d' }}>{S.toConsoleHint}</div>
              </div>
              <RightOutlined style={{ color: '#b5aca4' }} />
            </Card>
          </Link>
        )}
        {me.member && <RectificationCard />}
        {me.member && <AnnouncementsCard />}
        {me.member && (
          <Card size="small" title={S.study.title}>
            <StudyCard />
          </Card>
        )}
        {me.member && (
          <Card size="small" title={S.seminar.title}>
            <SeminarCard />
          </Card>
        )}
        <Card size="small" title={S.features} styles={{ body: { padding: 8 } }}>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(4, minmax(0, 1fr))', gap: 6 }} data-testid="feature-grid">
            {TILES.map((t) => (
              <FeatureTile key={t.key} tile={t} />
            ))}
          </div>
        </Card>
        <Card size="small" title={S.yearGoals(now.year())}>
          <Goals />
        </Card>
      </div>
    </div>
  );
}
