import { useState } from 'react';
import { Button, Card, Empty, Input, InputNumber, Space, Tag } from 'antd';
import { toastError, toastSuccess } from '../../../components/feedback';
import { useGrade, useGrading, type GradingItem } from '../api';
import { S } from '../strings';

function GradeCard({ g }: { g: GradingItem }) {
  const grade = useGrade();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  return (
    <Card size="small" data-testid="grading-item" title={<span>{g.paperTitle}</span>} extra={g.memberName ? `${g.memberName} · ${g.unitName}` : <Tag>{S.anonymous}</Tag>}>
      <div style={{ fontWeight: 600, marginBottom: 6 }}>{g.stem.replace(/<[^>]+>/g, '')}</div>
      <div style={{ background: '#f6ffed', padding: 8, borderRadius: 6, marginBottom: 6 }}>
        {S.reference}：{g.reference || '—'}
      </div>
      <div style={{ background: '#fafafa', padding: 8, borderRadius: 6, marginBottom: 8, whiteSpace: 'pre-wrap' }}>
        {S.theirAnswer}：{g.answer}
      </div>
      <Space wrap>
        <InputNumber min={0} max={g.points} step={0.5} value={score} onChange={setScore} addonAfter={`/ ${g.points}`} data-testid="grade-score" />
        <Input style={{ width: 320 }} placeholder={S.comment} value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
        <Button type="primary" disabled={score === null} loading={grade.isPending} data-testid="grade-save" onClick={() => grade.mutateAsync({ itemId: g.itemId, score: score!, comment }).then(() => toastSuccess(S.graded), toastError)}>
          {S.give}
        </Button>
      </Space>
    </Card>
  );
}

export default function GradingPage() {
  const q = useGrading();
  if (!q.data?.length) return <Empty description={S.gradingEmpty} />;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {q.data.map((g) => (
        <GradeCard key={g.itemId} g={g} />
      ))}
    </Space>
  );
}
