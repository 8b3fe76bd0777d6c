import { useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, App, Button, Card, Col, Empty, Grid, Input, InputNumber, Row, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { CheckOutlined, CommentOutlined, DeleteOutlined, LeftOutlined, RollbackOutlined, StarOutlined, WarningFilled } from '@ant-design/icons';
import { errorMessage } from '../../../../api/client';
import { toastSuccess } from '../../../../components/feedback';
import { useDecide, useReviewView, type Match, type Passage } from '../../api';
import { SafeHtml } from '../../components/SafeHtml';
import { StatusTag } from '../../components/StatusTag';
import { quoteMarks, renderPlain, selectionRange, type Mark } from '../../safeHtml';
import { ACTION_LABEL, fmtDateTime, S } from '../../strings';

const C = S.console;

function MatchCard({ m, active, flagPercent, mineFirst, onClick }: { m: Match; active: boolean; flagPercent: number; mineFirst: string | null; onClick: () => void }) {
  const theirs = useMemo(() => renderPlain(m.theirsText, m.theirs.map((r) => ({ ...r, kind: 'copied' as const }))), [m]);
  return (
    <div
      data-testid="rf-match"
      style={{ border: `1px solid ${active ? '#cf1322' : '#ece8e3'}`, borderRadius: 8, padding: 10, marginBottom: 8, cursor: 'pointer', background: active ? '#fff8f7' : '#fff' }}
      onClick={onClick}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <span style={{ fontSize: 20, fontWeight: 700, color: m.percent >= flagPercent ? '#cf1322' : '#d46b08', minWidth: 56 }} data-testid="rf-match-percent" data-flagged={m.percent >= flagPercent}>
          {m.percent}%
        </span>
        <div style={{ flex: 1, minWidth: 0 }}>
          <div style={{ fontWeight: 500, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {m.kind === 'reference' && <Tag color="orange">{C.referenceText}</Tag>}
            {m.title}
          </div>
          <div style={{ fontSize: 12, color: '#8c847d' }}>{C.matchOf(m.author, m.unitName)}</div>
          {m.firstSubmittedAt && (
            <div style={{ fontSize: 12, color: '#8c847d' }} data-testid="rf-match-first">
              {C.firstSubmitted(fmtDateTime(m.firstSubmittedAt))}
              {mineFirst && (
                <Tag style={{ marginLeft: 6 }} color={m.firstSubmittedAt < mineFirst ? 'red' : 'default'}>
                  {C.order(m.firstSubmittedAt < mineFirst)}
                </Tag>
              )}
            </div>
          )}
        </div>
      </div>
      {active && (
        <div style={{ marginTop: 8 }}>
          <div style={{ fontSize: 12, color: '#8c847d', marginBottom: 4 }}>{C.theirs}</div>
          {m.outOfScope && (
            <div style={{ fontSize: 12, color: '#8c847d', marginBottom: 4 }} data-testid="rf-match-out-of-scope">
              {C.outOfScope}
            </div>
          )}
          <div className="rf-read" data-testid="rf-match-theirs" style={{ fontSize: 14, lineHeight: 1.8, maxHeight: 360, overflow: 'auto', background: '#faf8f5', padding: '8px 10px', borderRadius: 6 }}>
            {theirs}
          </div>
        </div>
      )}
    </div>
  );
}

/** 审阅: the text with copied passages marked, findings beside it, rubric, comment, decision. */
export default function ReviewPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const view = useReviewView(id);
  const decide = useDecide(id);
  const { message } = App.useApp();
  const wide = Grid.useBreakpoint().lg ?? true;
  const bodyRef = useRef<HTMLDivElement>(null);
  const [activeMatch, setActiveMatch] = useState<number | null>(null);
  const [scores, setScores] = useState<Record<string, number | null>>({});
  const [comment, setComment] = useState('');
  const [passages, setPassages] = useState<Passage[]>([]);
  const [picked, setPicked] = useState<{ start: number; end: number; quote: string } | null>(null);
  const [passageText, setPassageText] = useState('');

  const data = view.data;
  const r = data?.reflection;
  const marks = useMemo<Mark[]>(() => {
    if (!data || !r) return [];
    const out: Mark[] = [];
    data.matches.forEach((m, i) => {
      for (const x of m.mine) out.push({ ...x, kind: activeMatch === i ? 'focus' : 'copied', title: `${m.author}：${m.percent}%` });
    });
    out.push(...quoteMarks(r.bodyText, [...r.passageComments, ...passages]));
    if (picked) out.push({ start: picked.start, end: picked.end, kind: 'focus' });
    return out;
  }, [data, r, activeMatch, passages, picked]);

  if (view.isPending) return <Skeleton active />;
  if (view.isError || !data || !r) return <Alert type="error" title={errorMessage(view.error)} />;

  const canAct = data.canReview && (r.status === 'submitted' || r.status === 'approved');
  const onSelect = () => {
    if (!bodyRef.current || !data.canReview) return;
    const range = selectionRange(bodyRef.current);
    if (!range) return;
    const quote = r.bodyText.slice(range.start, range.end).trim();
    if (quote) {
      setPicked({ ...range, quote });
      setPassageText('');
    }
  };
  const scoreList = data.rubric.filter((c) => scores[c.name] !== undefined && scores[c.name] !== null).map((c) => ({ name: c.name, points: scores[c.name] as number }));
  const total = scoreList.reduce((n, s) => n + s.points, 0);

  const act = async (action: 'approve' | 'return' | 'excellent') => {
    try {
      if (action === 'return') {
        // An overall comment, or comments on passages: at least one.
        if (!comment.trim() && passages.length === 0) {
          void message.error(C.returnNeedsComment);
          return;
        }
        await decide.mutateAsync({ action, comment: comment.trim() || undefined, passages, version: r.version });
      } else {
        await decide.mutateAsync({ action, scores: scoreList.length ? scoreList : undefined, comment: comment.trim() || undefined });
      }
      toastSuccess(C.done[action]);
      setComment('');
      setPassages([]);
      setPicked(null);
    } catch {
      /* shown by the mutation cache */
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }}>
        <Link to="/console/reflections">
          <Button icon={<LeftOutlined />}>{C.back}</Button>
        </Link>
      </Space>
      <Row gutter={[16, 16]} wrap={!wide}>
        <Col flex={wide ? '1 1 0' : '1 1 100%'} style={{ minWidth: 0 }}>
          <Card>
            <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
              <StatusTag status={r.status} />
              <Typography.Text type="secondary">
                {r.memberName} · {r.unitName} · 《{r.bookTitle.replace(/^《|》$/g, '')}》 · {S.count(r.charCount)}
                {r.submittedAt ? ` · ${fmtDateTime(r.submittedAt)}` : ''}
                {data.firstSubmittedAt && data.firstSubmittedAt !== r.submittedAt ? ` · ${C.firstSubmitted(fmtDateTime(data.firstSubmittedAt))}` : ''}
              </Typography.Text>
            </div>
            <h2 style={{ fontSize: 22, margin: '12px 0 16px', textAlign: 'center' }} data-testid="rf-review-title">
              {r.title}
            </h2>
            <div onMouseUp={onSelect} onKeyUp={onSelect}>
              <SafeHtml ref={bodyRef} html={r.bodyHtml} marks={marks} testId="rf-review-body" style={{ maxWidth: 760, margin: '0 auto' }} />
            </div>
          </Card>
        </Col>
        <Col flex={wide ? '0 0 440px' : '1 1 100%'} style={{ minWidth: 0 }}>
          <div style={wide ? { position: 'sticky', top: 16, maxHeight: 'calc(100vh - 32px)', overflowY: 'auto' } : undefined}>
          <Card size="small" title={C.findings} style={{ marginBottom: 12 }} data-testid="rf-findings">
            {r.similarityPercent === null ? (
              <Typography.Text type="secondary">{C.notChecked}</Typography.Text>
            ) : (
              <>
                <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap', marginBottom: 8 }}>
                  <div>
                    <div style={{ fontSize: 12, color: '#8c847d' }}>{C.totalOverlap}</div>
                    <span style={{ fontSize: 24, fontWeight: 700, color: r.flagged ? '#cf1322' : '#1f7a3a' }} data-testid="rf-sim-total">
                      {r.similarityPercent}%
                    </span>
                  </div>
                  {typeof data.quotedPercent === 'number' && (
                    <div title={C.quotedHint}>
                      <div style={{ fontSize: 12, color: '#8c847d' }}>{C.quotedShare}</div>
                      <span style={{ fontSize: 24, fontWeight: 700, color: '#595959' }} data-testid="rf-sim-quoted">
                        {data.quotedPercent}%
                      </span>
                    </div>
                  )}
                  {r.flagged && (
                    <Tag color="red" style={{ alignSelf: 'center' }}>
                      <WarningFilled /> {C.flagged(data.flagPercent)}
                    </Tag>
                  )}
                </div>
                {data.matches.length === 0 ? (
                  <Typography.Text type="secondary">{C.noFindings}</Typography.Text>
                ) : (
                  <>
                    <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
                      {C.mineHint}
                    </Typography.Paragraph>
                    {data.matches.map((m, i) => (
                      <MatchCard key={`${m.kind}-${m.id}`} m={m} active={activeMatch === i} flagPercent={data.flagPercent} mineFirst={data.firstSubmittedAt ?? null} onClick={() => setActiveMatch(activeMatch === i ? null : i)} />
                    ))}
                  </>
                )}
              </>
            )}
          </Card>
          <Card size="small" title={C.rubric} style={{ marginBottom: 12 }}>
            {!data.canReview && <Alert type="info" title={C.readOnly} style={{ marginBottom: 8 }} />}
            {r.scores && (
              <div style={{ marginBottom: 8 }}>
                {r.scores.map((s) => (
                  <Tag key={s.name}>
                    {s.name} {s.points}/{s.max}
                  </Tag>
                ))}
                {r.score !== null && <Tag color="red">{S.score(r.score)}</Tag>}
              </div>
            )}
            {canAct && (
              <>
                {data.rubric.map((c) => (
                  <div key={c.name} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 6 }}>
                    <span style={{ flex: 1 }}>{c.name}</span>
                    <InputNumber
                      min={0}
                      max={c.points}
                      value={scores[c.name] ?? null}
                      onChange={(v) => setScores((s) => ({ ...s, [c.name]: v }))}
                      addonAfter={`/ ${c.points}`}
                      style={{ width: 130 }}
                      data-testid="rf-score"
                    />
                  </div>
                ))}
                {data.rubric.length > 0 && (
                  <div style={{ textAlign: 'right', color: '#8c847d', marginBottom: 8 }}>
                    {C.rubric}：{total} / {data.rubric.reduce((n, c) => n + c.points, 0)}
                  </div>
                )}
                <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} autoSize={{ minRows: 3, maxRows: 8 }} placeholder={C.commentPlaceholder} maxLength={2000} data-testid="rf-review-comment-input" />
                <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '8px 0' }}>
                  <CommentOutlined /> {C.passageHint}
                </Typography.Paragraph>
                {picked && (
                  <div style={{ border: '1px dashed #d48806', borderRadius: 6, padding: 8, marginBottom: 8 }} data-testid="rf-passage-form">
                    <div style={{ fontSize: 13, background: '#fff1b8', padding: 4, maxHeight: 80, overflow: 'auto' }}>{picked.quote}</div>
                    <Space.Compact style={{ width: '100%', marginTop: 6 }}>
                      <Input value={passageText} onChange={(e) => setPassageText(e.target.value)} placeholder={C.passageComment} data-testid="rf-passage-input" />
                      <Button
                        type="primary"
                        disabled={!passageText.trim()}
                        data-testid="rf-passage-add"
                        onClick={() => {
                          setPassages((p) => [...p, { quote: picked.quote, comment: passageText.trim() }]);
                          setPicked(null);
                          setPassageText('');
                        }}
                      >
                        {C.passageAdd}
                      </Button>
                    </Space.Compact>
                  </div>
                )}
                {passages.map((p, i) => (
                  <div key={i} style={{ display: 'flex', gap: 6, alignItems: 'flex-start', marginBottom: 6 }} data-testid="rf-passage-item">
                    <div style={{ flex: 1, fontSize: 13 }}>
                      <mark className="rf-passage">{p.quote.length > 40 ? `${p.quote.slice(0, 40)}……` : p.quote}</mark>
                      <div>→ {p.comment}</div>
                    </div>
                    <Button size="small" type="text" icon={<DeleteOutlined />} onClick={() => setPassages((ps) => ps.filter((_, j) => j !== i))} />
                  </div>
                ))}
                <Space wrap style={{ marginTop: 8 }}>
                  {r.status === 'submitted' && (
                    <Button type="primary" icon={<CheckOutlined />} loading={decide.isPending} onClick={() => void act('approve')} data-testid="rf-approve">
                      {C.approve}
                    </Button>
                  )}
                  <Button icon={<StarOutlined />} loading={decide.isPending} onClick={() => void act('excellent')} data-testid="rf-excellent" style={{ color: '#9e1b1b', borderColor: '#9e1b1b' }}>
                    {C.excellent}
                  </Button>
                  {r.status === 'submitted' && (
                    <Button danger icon={<RollbackOutlined />} loading={decide.isPending} onClick={() => void act('return')} data-testid="rf-return">
                      {C.returnIt}
                    </Button>
                  )}
                </Space>
              </>
            )}
            {!canAct && data.canReview && <Typography.Text type="secondary">{C.notReviewable}</Typography.Text>}
          </Card>
          <Card size="small" title={S.history}>
            {r.events.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            ) : (
              <Timeline
                items={r.events.map((e) => ({
                  key: e.id,
                  content: (
                    <div>
                      <div>
                        {ACTION_LABEL[e.action] ?? e.action} · {e.actorName}
                      </div>
                      <div style={{ fontSize: 12, color: '#8c847d' }}>{fmtDateTime(e.at)}</div>
                      {e.comment && <div style={{ whiteSpace: 'pre-wrap', fontSize: 13 }}>{e.comment}</div>}
                      {e.passages?.map((p, i) => (
                        <div key={i} style={{ fontSize: 12 }}>
                          <mark className="rf-passage">{p.quote.slice(0, 30)}</mark> → {p.comment}
                        </div>
                      ))}
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
          </div>
        </Col>
      </Row>
    </div>
  );
}
