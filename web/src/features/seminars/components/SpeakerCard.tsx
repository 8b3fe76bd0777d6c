import { useState, type ReactNode } from 'react';
import { Button, Card, Input, Tag } from 'antd';
import { FileOutlined, SendOutlined } from '@ant-design/icons';
import { toastSuccess } from '../../../components/feedback';
import { fileUrl, useComment, type SeminarDetail, type Speaker } from '../api';
import { S } from '../strings';

export const GRADE_COLOR: Record<string, string> = { 优秀: 'red', 良好: 'orange', 一般: 'default' };

export function EvaluationTag({ sp, scoreMax }: { sp: Speaker; scoreMax: number }) {
  if (!sp.evaluatedAt) return <Tag>{S.seminar.notEvaluated}</Tag>;
  return <Tag color={sp.score != null ? 'red' : GRADE_COLOR[sp.grade ?? '']}>{sp.score != null ? `${sp.score}/${scoreMax}` : sp.grade}</Tag>;
}

/** One speaker: the book, the 个人说, the material, the 同事议 and the 书记评. */
export function SpeakerCard({ d, sp, children, showCommentBox = true }: { d: SeminarDetail; sp: Speaker; children?: ReactNode; showCommentBox?: boolean }) {
  const [text, setText] = useState('');
  const comment = useComment();
  const mine = sp.memberId === d.me.memberId;
  return (
    <Card size="small" data-testid="speaker-card" data-speaker={sp.name} styles={{ body: { padding: 14 } }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <span style={{ fontSize: 16, fontWeight: 600 }}>{sp.name}</span>
          {mine && <Tag color="red" style={{ marginLeft: 6 }}>{S.seminar.mySpeakerTag}</Tag>}
          <div style={{ fontSize: 12, color: '#8c847d' }}>
            {sp.unitName}
            {sp.position ? ` · ${sp.position}` : ''}
          </div>
        </div>
        <EvaluationTag sp={sp} scoreMax={d.grading.scoreMax} />
      </div>
      <div style={{ marginTop: 8, fontSize: 14 }}>
        <span style={{ color: '#6b6560' }}>{S.seminar.book}：</span>
        {sp.bookTitle ? `《${sp.bookTitle}》` : '—'}
        {sp.reflectionTitle && <div style={{ color: '#6b6560', fontSize: 13 }}>{S.seminar.reflection}：《{sp.reflectionTitle}》</div>}
      </div>
      <div style={{ marginTop: 6, fontSize: 14, lineHeight: 1.7, whiteSpace: 'pre-wrap', color: sp.summary ? '#2b2b2b' : '#a8a09a' }} data-testid="speaker-summary">
        {sp.summary || S.seminar.noSummary}
      </div>
      {sp.file && (
        <a href={fileUrl(sp.file.id)} target="_blank" rel="noreferrer" style={{ display: 'inline-block', marginTop: 6 }}>
          <FileOutlined /> {sp.file.name}
        </a>
      )}
      {sp.evaluatedAt && (
        <div style={{ marginTop: 10, background: '#fbf3f1', borderRadius: 8, padding: '8px 10px', fontSize: 14 }} data-testid="speaker-evaluation">
          <b style={{ color: '#9e1b1b' }}>{S.seminar.evaluation}</b>（{d.chairName}）：{sp.evaluation}
        </div>
      )}
      {children}
      <div style={{ marginTop: 10, borderTop: '1px solid #f3efea', paddingTop: 8 }}>
        <div style={{ fontSize: 13, color: '#6b6560', marginBottom: 4 }}>
          {S.seminar.comments}（{sp.comments.length}）
        </div>
        {sp.comments.length === 0 && <div style={{ color: '#a8a09a', fontSize: 13 }}>{S.seminar.noComments}</div>}
        {sp.comments.map((c) => (
          <div key={c.id} data-testid="comment-item" style={{ fontSize: 14, lineHeight: 1.6, padding: '3px 0' }}>
            <b>{c.name}</b>
            <span style={{ color: '#a8a09a', fontSize: 12, marginLeft: 6 }}>{c.time}</span>
            <div style={{ whiteSpace: 'pre-wrap' }}>{c.body}</div>
          </div>
        ))}
        {showCommentBox && d.me.canComment && !mine && (
          <div style={{ display: 'flex', gap: 6, marginTop: 6 }}>
            <Input.TextArea
              value={text}
              onChange={(e) => setText(e.target.value)}
              autoSize={{ minRows: 1, maxRows: 4 }}
              maxLength={500}
              placeholder={S.seminar.commentPlaceholder(sp.name)}
              data-testid="comment-input"
            />
            <Button
              type="primary"
              icon={<SendOutlined />}
              disabled={!text.trim()}
              loading={comment.isPending}
              aria-label={S.seminar.send}
              data-testid="comment-submit"
              onClick={() =>
                comment.mutate(
                  { id: d.id, speakerId: sp.id, body: text },
                  {
                    onSuccess: () => {
                      setText('');
                      toastSuccess(S.seminar.sent);
                    },
                  },
                )
              }
            />
          </div>
        )}
      </div>
    </Card>
  );
}
