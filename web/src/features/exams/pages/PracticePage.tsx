import { useState } from 'react';
import { Alert, Button, Empty, Skeleton, Tag } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined, FireOutlined } from '@ant-design/icons';
import { TopBar } from '../../../components/TopBar';
import { toastError } from '../../../components/feedback';
import { useAnswerPractice, usePractice, type AnswerResponse, type PracticeItem } from '../api';
import { QuestionView } from '../components/QuestionView';
import { S } from '../strings';

function PracticeQuestion({ item }: { item: PracticeItem }) {
  const [value, setValue] = useState<AnswerResponse | null>(item.response);
  const answer = useAnswerPractice();
  const done = Boolean(item.feedback);
  const empty = !value || (!value.choices?.length && !value.text?.trim());
  return (
    <div data-testid="practice-item" style={{ marginBottom: 4 }}>
      <QuestionView item={item} value={done ? item.response : value} disabled={done || answer.isPending} onChange={setValue} />
      {!done && (
        <Button type="primary" block disabled={empty} loading={answer.isPending} style={{ marginTop: -4, marginBottom: 12 }} onClick={() => answer.mutateAsync({ position: item.position, response: value! }).catch(toastError)}>
          {S.answer}
        </Button>
      )}
      {item.feedback && (
        <Alert
          style={{ marginTop: -4, marginBottom: 12 }}
          type={item.feedback.correct ? 'success' : 'error'}
          icon={item.feedback.correct ? <CheckCircleOutlined /> : <CloseCircleOutlined />}
          showIcon
          data-testid="practice-feedback"
          message={item.feedback.correct ? S.right : `${S.wrong}，${S.keyIs(item.type === 'truefalse' ? item.feedback.key : item.feedback.key)}`}
          description={[item.feedback.optionFeedback, item.feedback.explanation && `${S.explanation}：${item.feedback.explanation}`].filter(Boolean).join('\n') || undefined}
        />
      )}
    </div>
  );
}

export default function PracticePage() {
  const p = usePractice();
  const d = p.data;
  return (
    <div style={{ background: '#f6f3ef', minHeight: '100vh' }}>
      <TopBar title={S.practiceTitle} back="/exams" />
      {!d ? (
        <Skeleton active style={{ padding: 16 }} />
      ) : (
        <div style={{ padding: 12 }}>
          <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', background: '#fff', borderRadius: 10, padding: '10px 14px', marginBottom: 12 }}>
            <div>
              <div style={{ fontSize: 18, fontWeight: 700, color: '#b71c1c' }} data-testid="streak">
                <FireOutlined /> {S.streak(d.streak)}
              </div>
              <div style={{ fontSize: 12, color: '#8c847d' }}>{S.bestStreak(d.bestStreak)}</div>
            </div>
            <div style={{ textAlign: 'right', fontSize: 12, color: '#8c847d' }}>
              <Tag color="red">
                {d.answered}/{d.items.length}
              </Tag>
              <div style={{ marginTop: 4 }}>{S.minutes(d.minutesToday, d.capMinutes)}</div>
            </div>
          </div>
          {d.items.length === 0 && <Empty description={S.practiceEmpty} />}
          {d.items.length > 0 && d.answered === d.items.length && <Alert type="success" showIcon style={{ marginBottom: 12 }} message={S.practiceDone(d.correct, d.items.length)} />}
          {d.items.map((it) => (
            <PracticeQuestion key={it.id} item={it} />
          ))}
        </div>
      )}
    </div>
  );
}
