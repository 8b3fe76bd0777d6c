// Taking a timed paper on the phone. The server owns the clock: the countdown
// runs from the deadline minus the server's now (kept as an offset, so a wrong
// phone clock does not matter). Each answer is queued in localStorage with the
// moment it was given and sent at once; when the connection is gone the queue
// waits and is sent on reconnect (or on the next load), and the server takes
// answers given before the deadline for a short grace after it. At zero the
// page sends what is queued and submits.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, App, Button, Skeleton, Tag } from 'antd';
import { CheckCircleOutlined, CloudOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../../../api/client';
import { TopBar } from '../../../components/TopBar';
import { toastError } from '../../../components/feedback';
import { saveAnswer, submitAttempt, useAttempt, type AnswerResponse, type Attempt, type Item } from '../api';
import { QuestionView } from '../components/QuestionView';
import sanitize from '../components/sanitize';
import { S } from '../strings';

interface Pending {
  response: AnswerResponse;
  answeredAt: string;
}
const queueKey = (id: number) => `sx-exam-queue-${id}`;
const loadQueue = (id: number): Record<string, Pending> => {
  try {
    return JSON.parse(localStorage.getItem(queueKey(id)) ?? '{}') as Record<string, Pending>;
  } catch {
    return {};
  }
};
const storeQueue = (id: number, q: Record<string, Pending>) => localStorage.setItem(queueKey(id), JSON.stringify(q));

/** The phone's clock, read in handlers only. */
const phoneNow = () => Date.now();

const mmss = (s: number) => `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

function Review({ a }: { a: Attempt }) {
  return (
    <div style={{ padding: 12 }} data-testid="attempt-review">
      <div style={{ background: '#fff', borderRadius: 10, padding: 16, marginBottom: 12, textAlign: 'center' }}>
        <div style={{ color: '#8c847d' }}>{a.submittedHow === 'timeout' ? S.timeoutSubmitted : S.submitted}</div>
        <div style={{ fontSize: 26, fontWeight: 700, color: '#b71c1c', margin: '6px 0' }} data-testid="attempt-score">
          {S.totalScore(a.score, a.maxScore)}
        </div>
        {a.pendingItems > 0 && <div style={{ color: '#ad6800' }}>{S.pending(a.pendingItems)}</div>}
      </div>
      {a.items.map((it) => (
        <div key={it.id} data-testid="review-item" style={{ background: '#fff', borderRadius: 10, padding: 14, marginBottom: 10 }}>
          <div style={{ marginBottom: 6, lineHeight: 1.7 }}>
            <b>{it.position}.</b> <Tag>{S.qType[it.type]}</Tag>
            {it.stemFormat === 'html' ? <span dangerouslySetInnerHTML={{ __html: sanitize(it.stem) }} /> : it.stem}
          </div>
          {it.options.length > 0 && (
            <div style={{ color: '#6b6560', fontSize: 13 }}>
              {it.options.map((o) => (
                <div key={o.key}>{it.type === 'truefalse' ? o.text : `${o.key}. ${o.text}`}</div>
              ))}
            </div>
          )}
          <div style={{ marginTop: 6, fontSize: 14 }}>
            {S.theirAnswer}：{it.response ? (it.response.choices?.map((c) => (it.type === 'truefalse' ? (c === 'true' ? S.right : S.wrong) : c)).join('') ?? it.response.text) : '—'}
            {it.review?.correct === true && <CheckCircleOutlined style={{ color: '#389e0d', marginLeft: 8 }} />}
            {it.review?.correct === false && <CloseCircleOutlined style={{ color: '#cf1322', marginLeft: 8 }} />}
            {it.review?.score !== null && it.review?.score !== undefined && <span style={{ marginLeft: 8, color: '#8c847d' }}>{S.points(it.review.score)}</span>}
          </div>
          {it.review?.key && <div style={{ color: '#389e0d', marginTop: 4 }}>{S.keyIs(it.review.key)}</div>}
          {it.review?.explanation && (
            <div style={{ color: '#6b6560', marginTop: 4, fontSize: 13 }}>
              {S.explanation}：{it.review.explanation}
            </div>
          )}
          {it.review?.comment && (
            <div style={{ color: '#6b6560', marginTop: 4, fontSize: 13 }}>
              {S.comment}：{it.review.comment}
            </div>
          )}
        </div>
      ))}
    </div>
  );
}

export default function AttemptPage() {
  const { modal } = App.useApp();
  const id = Number(useParams().id);
  const nav = useNavigate();
  const qc = useQueryClient();
  const attempt = useAttempt(id);
  const [edits, setEdits] = useState<Record<number, AnswerResponse | null>>({});
  const [queued, setQueued] = useState(() => Object.keys(loadQueue(id)).length);
  const [refused, setRefused] = useState(0);
  const [syncing, setSyncing] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const [finishing, setFinishing] = useState(false);
  const flushing = useRef(false);
  const finishingRef = useRef(false);
  const textTimers = useRef<Record<number, ReturnType<typeof setTimeout>>>({});
  const finishRef = useRef<() => void>(() => undefined);
  const clockRef = useRef({ open: false, deadline: 0, offset: 0 });

  const a = attempt.data;
  const open = a?.status === 'in_progress';
  // The server's clock minus the phone's, as of the load: the countdown never trusts the phone's clock.
  const offset = a ? Date.parse(a.serverNow) - attempt.dataUpdatedAt : 0;
  const deadline = a ? Date.parse(a.deadlineAt) : 0;
  const remaining = a ? Math.max(0, Math.ceil((deadline - (now + offset)) / 1000)) : 0;

  // What the server has, overlaid by what waits in this phone's queue, overlaid by edits made here.
  const answers = useMemo(() => {
    const local = loadQueue(id);
    const out: Record<number, AnswerResponse | null> = {};
    for (const it of a?.items ?? []) out[it.id] = it.id in edits ? edits[it.id]! : (local[it.id]?.response ?? it.response);
    return out;
  }, [a, edits, id]);

  const flush = useCallback(async () => {
    if (flushing.current) return;
    flushing.current = true;
    setSyncing(true);
    try {
      for (const [itemId, p] of Object.entries(loadQueue(id))) {
        try {
          await saveAnswer(id, Number(itemId), p);
        } catch (e) {
          if (e instanceof ApiError && e.code === 'OFFLINE') return;
          // Refused for good (time up, submitted): dropped from the queue and counted.
          if (e instanceof ApiError && (e.status === 409 || e.status === 400 || e.status === 404)) setRefused((n) => n + 1);
          else return;
        }
        const q = loadQueue(id);
        if (q[itemId]?.answeredAt === p.answeredAt) delete q[itemId];
        storeQueue(id, q);
        setQueued(Object.keys(q).length);
      }
    } finally {
      flushing.current = false;
      setSyncing(false);
    }
  }, [id]);

  const give = (item: Item, r: AnswerResponse) => {
    setEdits((s) => ({ ...s, [item.id]: r }));
    const q = loadQueue(id);
    q[item.id] = { response: r, answeredAt: new Date(phoneNow() + offset).toISOString() };
    storeQueue(id, q);
    setQueued(Object.keys(q).length);
    void flush();
  };

  // Typing is saved a moment after the last key, and at once on leaving the field.
  const type = (item: Item, r: AnswerResponse) => {
    setEdits((s) => ({ ...s, [item.id]: r }));
    clearTimeout(textTimers.current[item.id]);
    textTimers.current[item.id] = setTimeout(() => give(item, r), 1200);
  };

  const finish = async () => {
    if (finishingRef.current) return;
    finishingRef.current = true;
    setFinishing(true);
    try {
      for (const t of Object.values(textTimers.current)) clearTimeout(t);
      await flush();
      // Offline at the deadline: keep trying until the grace runs out, then submit anyway.
      const graceEnd = deadline + (a?.graceSeconds ?? 0) * 1000;
      while (Object.keys(loadQueue(id)).length && phoneNow() + offset < graceEnd) {
        await new Promise((r) => setTimeout(r, 1000));
        await flush();
      }
      let done = await submitAttempt(id);
      // Time ran out: the server keeps the attempt open for the grace (another device may still send answers), then submits it.
      while (done.status === 'in_progress' && phoneNow() + offset >= deadline) {
        await new Promise((r) => setTimeout(r, 2000));
        await flush();
        done = await submitAttempt(id);
      }
      localStorage.removeItem(queueKey(id));
      qc.setQueryData(['exams', 'attempt', id], done);
      void qc.invalidateQueries({ queryKey: ['exams', 'my'] });
    } catch (e) {
      if (!(e instanceof ApiError && e.code === 'OFFLINE')) toastError(e);
      finishingRef.current = false;
      setFinishing(false);
    }
  };

  useEffect(() => {
    finishRef.current = () => void finish();
    clockRef.current = { open, deadline, offset };
  });

  // Each second: the countdown, the queue (sent on load, on reconnect and while anything waits), and the submit at zero.
  useEffect(() => {
    void flush();
    const on = () => void flush();
    window.addEventListener('online', on);
    const t = setInterval(() => {
      setNow(Date.now());
      if (Object.keys(loadQueue(id)).length) void flush();
      const c = clockRef.current;
      if (c.open && Date.now() + c.offset >= c.deadline) finishRef.current();
    }, 1000);
    return () => {
      window.removeEventListener('online', on);
      clearInterval(t);
    };
  }, [flush, id]);

  const unanswered = useMemo(() => (a ? a.items.filter((it) => !answers[it.id] || (!answers[it.id]?.choices?.length && !answers[it.id]?.text)).length : 0), [a, answers]);

  if (attempt.isLoading || !a) return <Skeleton active style={{ padding: 16 }} />;
  if (!open)
    return (
      <div style={{ background: '#f6f3ef', minHeight: '100vh' }}>
        <TopBar title={a.title} back="/exams" />
        <Review a={a} />
      </div>
    );

  const low = remaining <= 60;
  return (
    <div style={{ background: '#f6f3ef', minHeight: '100vh' }}>
      <TopBar
        title={a.title}
        back="/exams"
        extra={
          <span data-testid="countdown" style={{ fontVariantNumeric: 'tabular-nums', fontWeight: 700, fontSize: 18, color: low ? '#cf1322' : '#2b2b2b', paddingRight: 8 }}>
            {mmss(remaining)}
          </span>
        }
      />
      <div style={{ padding: '8px 12px 0', fontSize: 13, minHeight: 28 }} data-testid="sync-status">
        {queued > 0 ? (
          <span style={{ color: '#ad6800' }}>
            <CloudOutlined /> {S.queued(queued)}
          </span>
        ) : (
          <span style={{ color: '#8c847d' }}>{syncing ? S.saving : S.saved}</span>
        )}
      </div>
      {refused > 0 && <Alert type="warning" showIcon style={{ margin: '0 12px 8px' }} message={S.refused(refused)} />}
      {remaining === 0 && <Alert type="info" showIcon style={{ margin: '0 12px 8px' }} message={S.timeUp} />}
      <div style={{ padding: '4px 12px' }}>
        {a.items.map((it) => (
          <QuestionView key={it.id} item={it} value={answers[it.id] ?? null} disabled={remaining === 0 || finishing} onChange={(r) => give(it, r)} onTextChange={(r) => type(it, r)} />
        ))}
      </div>
      <div style={{ padding: '4px 12px 16px' }}>
        <Button
          type="primary"
          size="large"
          block
          loading={finishing}
          data-testid="submit-attempt"
          onClick={() =>
            modal.confirm({
              title: S.submit,
              content: S.submitConfirm(unanswered),
              okText: S.submit,
              cancelText: S.back,
              onOk: () => finish().then(() => nav(`/exams/attempts/${id}`, { replace: true })),
            })
          }
        >
          {S.submit}
        </Button>
      </div>
    </div>
  );
}
