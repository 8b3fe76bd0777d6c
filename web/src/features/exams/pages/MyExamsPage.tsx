import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { App, Button, Card, Empty, Skeleton, Tag } from 'antd';
import { FireOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { ApiError } from '../../../api/client';
import { TopBar } from '../../../components/TopBar';
import { toastError } from '../../../components/feedback';
import { startAttempt, useMyPapers, usePractice, type MyPaper } from '../api';
import { S } from '../strings';

const fmt = (iso: string) => dayjs(iso).format('M月D日 HH:mm');

function PaperCard({ p }: { p: MyPaper }) {
  const { modal } = App.useApp();
  const nav = useNavigate();
  const [busy, setBusy] = useState(false);
  const begin = () =>
    modal.confirm({
      title: p.title,
      content: S.startConfirm(p.timeLimitMinutes),
      okText: S.start,
      cancelText: S.back,
      onOk: async () => {
        setBusy(true);
        try {
          const { id } = await startAttempt(p.id);
          nav(`/exams/attempts/${id}`);
        } catch (e) {
          const open = e instanceof ApiError && e.code === 'ATTEMPT_OPEN' ? (e.details as { attemptId?: number } | undefined)?.attemptId : undefined;
          if (open) nav(`/exams/attempts/${open}`);
          else toastError(e);
        } finally {
          setBusy(false);
        }
      },
    });
  const canStart = p.state === 'open' && !p.openAttemptId && p.attemptsUsed < p.maxAttempts;
  return (
    <Card size="small" style={{ marginBottom: 12 }} data-testid="my-paper">
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
        <div style={{ fontSize: 16, fontWeight: 600 }}>{p.title}</div>
        <Tag color={p.state === 'open' ? 'red' : undefined}>{S.state[p.state]}</Tag>
      </div>
      <div style={{ color: '#8c847d', fontSize: 13, marginTop: 4 }}>{S.window(fmt(p.opensAt), fmt(p.closesAt))}</div>
      <div style={{ color: '#8c847d', fontSize: 13 }}>
        {S.limit(p.timeLimitMinutes, p.questionCount, p.totalPoints)} · {S.attemptsLeft(p.attemptsUsed, p.maxAttempts)}
      </div>
      {p.score !== null && <div style={{ marginTop: 6, fontWeight: 600, color: '#b71c1c' }}>{S.score(p.score)}</div>}
      {p.pendingGrading && <div style={{ color: '#ad6800', fontSize: 13 }}>{S.pendingGrading}</div>}
      <div style={{ display: 'flex', gap: 8, marginTop: 10 }}>
        {p.openAttemptId && (
          <Button type="primary" onClick={() => nav(`/exams/attempts/${p.openAttemptId}`)} data-testid="resume-attempt">
            {S.resume}
          </Button>
        )}
        {canStart && (
          <Button type="primary" loading={busy} onClick={begin} data-testid="start-attempt">
            {S.start}
          </Button>
        )}
        {p.lastAttemptId && <Button onClick={() => nav(`/exams/attempts/${p.lastAttemptId}`)}>{S.review}</Button>}
      </div>
    </Card>
  );
}

export default function MyExamsPage() {
  const papers = useMyPapers();
  const practice = usePractice();
  return (
    <div style={{ background: '#f6f3ef', minHeight: '100vh' }}>
      <TopBar title={S.myTitle} back="/" />
      <div style={{ padding: 12 }}>
        <Link to="/exams/practice" data-testid="practice-card">
          <Card size="small" style={{ marginBottom: 12, background: '#fff7f0' }}>
            <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <div>
                <div style={{ fontSize: 16, fontWeight: 600, color: '#2b2b2b' }}>{S.practiceTitle}</div>
                <div style={{ color: '#8c847d', fontSize: 13 }}>{practice.data ? S.practiceIntro(practice.data.items.length) : ''}</div>
              </div>
              {practice.data && (
                <div style={{ textAlign: 'right', color: '#b71c1c' }}>
                  <FireOutlined /> {S.streak(practice.data.streak)}
                  <div style={{ fontSize: 12, color: '#8c847d' }}>
                    {practice.data.answered}/{practice.data.items.length}
                  </div>
                </div>
              )}
            </div>
          </Card>
        </Link>
        {papers.isLoading ? <Skeleton active /> : papers.data?.length ? papers.data.map((p) => <PaperCard key={p.id} p={p} />) : <Empty description={S.noPapers} />}
      </div>
    </div>
  );
}
