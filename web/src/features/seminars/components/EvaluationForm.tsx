import { useState } from 'react';
import { Button, Input, InputNumber, Radio } from 'antd';
import { toastSuccess } from '../../../components/feedback';
import { useEvaluate, type SeminarDetail, type Speaker } from '../api';
import { S } from '../strings';

/** 书记评 for one speaker: a grade or a score (the setting) and words. Only the chair sees it. Keyed by the speaker's version, so a saved change starts it afresh. */
export function EvaluationForm({ d, sp }: { d: SeminarDetail; sp: Speaker }) {
  const evaluate = useEvaluate();
  const [grade, setGrade] = useState<string | null>(sp.grade);
  const [score, setScore] = useState<number | null>(sp.score);
  const [words, setWords] = useState(sp.evaluation ?? '');
  return (
    <div style={{ marginTop: 10, background: '#fbf8f5', borderRadius: 8, padding: 10 }} data-testid="eval-form">
      <div style={{ fontWeight: 600, marginBottom: 6 }}>{S.seminar.evaluation}</div>
      {d.grading.byScore ? (
        <div style={{ marginBottom: 8 }}>
          {S.console.score(d.grading.scoreMax)}：<InputNumber min={0} max={d.grading.scoreMax} precision={0} value={score} onChange={(v) => setScore(v)} data-testid="eval-score" />
        </div>
      ) : (
        <Radio.Group value={grade} onChange={(e) => setGrade(e.target.value as string)} style={{ marginBottom: 8 }} data-testid="eval-grade">
          {d.grading.grades.map((g) => (
            <Radio.Button key={g} value={g}>
              {g}
            </Radio.Button>
          ))}
        </Radio.Group>
      )}
      <Input.TextArea value={words} onChange={(e) => setWords(e.target.value)} placeholder={S.console.words} maxLength={1000} autoSize={{ minRows: 2, maxRows: 6 }} data-testid="eval-words" />
      <Button
        type="primary"
        style={{ marginTop: 8 }}
        loading={evaluate.isPending}
        data-testid="eval-save"
        onClick={() => evaluate.mutate({ id: d.id, speakerId: sp.id, grade: d.grading.byScore ? null : grade, score: d.grading.byScore ? score : null, words, version: sp.version }, { onSuccess: () => toastSuccess(S.seminar.saved) })}
      >
        {S.console.saveEval}
      </Button>
    </div>
  );
}
