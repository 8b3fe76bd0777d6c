import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Card, Skeleton, Typography } from 'antd';
import {
  BookOutlined,
  CalendarOutlined,
  CheckSquareOutlined,
  DesktopOutlined,
  EditOutlined,
  FileTextOutlined,
  FormOutlined,
  LineChartOutlined,
  RightOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import dayjs from 'dayjs';
import { isConsoleUser, useSignedIn } from '../../../api/session';
import { usePlanSettings } from '../api';
import { S } from '../strings';

interface Tile {
  key: keyof typeof S.tiles;
  icon: ReactNode;
  /** Set once the feature exists; until then the tile says 即将开放. */
  to?: string;
}

const TILES: Tile[] = [
  { key: 'loans', icon: <BookOutlined />, to: '/library/my' },
  { key: 'readingPlan', icon: <CalendarOutlined /> },
  { key: 'studyLog', icon: <CheckSquareOutlined /> },
  { key: 'notes', icon: <EditOutlined /> },
  { key: 'reflections', icon: <FileTextOutlined /> },
  { key: 'checkIn', icon: <TeamOutlined /> },
  { key: 'tests', icon: <FormOutlined /> },
  { key: 'progress', icon: <LineChartOutlined /> },
];

function FeatureTile({ tile }: { tile: Tile }) {
  const label = S.tiles[tile.key];
  const body = (
    <>
      <span style={{ fontSize: 26, color: tile.to ? '#9e1b1b' : '#b5aca4', lineHeight: 1 }}>{tile.icon}</span>
      <span style={{ fontSize: label.length > 4 ? 12 : 13, color: tile.to ? '#2b2b2b' : '#8c847d', lineHeight: 1.3, textAlign: 'center', whiteSpace: 'nowrap' }}>{label}</span>
      {!tile.to && <span style={{ fontSize: 11, color: '#a8a09a' }}>{S.comingSoon}</span>}
    </>
  );
  const style = { minHeight: 92, display: 'flex', flexDirection: 'column', alignItems: 'center', justifyContent: 'center', gap: 6, padding: '10px 2px', borderRadius: 10, background: tile.to ? '#fff' : '#faf8f6' } as const;
  return tile.to ? (
    <Link to={tile.to} style={style} data-testid={`tile-${tile.key}`}>
      {body}
    </Link>
  ) : (
    <div style={style} aria-disabled="true" data-testid={`tile-${tile.key}`}>
      {body}
    </div>
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

/** The cadre's home on a phone: who they are, what they can do, this year's goals. */
export default function MemberHomePage() {
  const me = useSignedIn();
  const now = dayjs();
  const name = me.member?.name ?? me.user.displayName;
  return (
    <div>
      <header style={{ background: '#9e1b1b', color: '#fff', padding: '20px 16px 36px' }}>
        <div style={{ fontSize: 13, opacity: 0.85 }}>{now.format('YYYY年M月D日 dddd')}</div>
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
