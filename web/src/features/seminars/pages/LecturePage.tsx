import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Input, Rate, Skeleton, Tag, Upload } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, FileOutlined, UploadOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { TopBar } from '../../../components/TopBar';
import { fileUrl, useLecture, useRate, useUploadLectureFile, type LectureDetail } from '../api';
import { S } from '../strings';

export function Feedback({ d }: { d: LectureDetail }) {
  if (!d.feedback) return null;
  return (
    <Card size="small" title={S.lecture.feedback} data-testid="lecture-feedback">
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <b style={{ fontSize: 28, color: '#9e1b1b' }} data-testid="lecture-average">
          {d.average != null ? d.average.toFixed(1) : '—'}
        </b>
        <Rate disabled allowHalf value={d.average ?? 0} />
        <span style={{ color: '#8c847d' }}>{S.lecture.ratings(d.ratings)}</span>
      </div>
      {d.feedback.length === 0 && <div style={{ color: '#a8a09a' }}>{S.lecture.noFeedback}</div>}
      {d.feedback
        .filter((f) => f.comment)
        .map((f, i) => (
          <div key={i} style={{ borderTop: '1px solid #f3efea', padding: '6px 0', fontSize: 14 }}>
            <Rate disabled value={f.stars} style={{ fontSize: 11 }} /> <span style={{ color: '#8c847d', fontSize: 12 }}>{f.name ?? S.lecture.anonymous} · {f.time}</span>
            <div>{f.comment}</div>
          </div>
        ))}
    </Card>
  );
}

export function LectureFiles({ d }: { d: LectureDetail }) {
  const upload = useUploadLectureFile();
  return (
    <Card size="small" title={S.lecture.files}>
      {d.files.length === 0 && <div style={{ color: '#a8a09a' }}>{S.lecture.noFiles}</div>}
      {d.files.map((f) => (
        <div key={f.id} style={{ padding: '4px 0' }}>
          <Tag>{f.kindLabel}</Tag>
          <a href={fileUrl(f.id)} target="_blank" rel="noreferrer" data-testid="lecture-file">
            <FileOutlined /> {f.name}
          </a>
        </div>
      ))}
      {d.me.canUpload && d.status !== 'rejected' && d.status !== 'cancelled' && (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 8 }}>
          {(['slides', 'handout'] as const).map((kind) => (
            <Upload
              key={kind}
              showUploadList={false}
              accept={kind === 'slides' ? '.pdf,.pptx' : '.pdf,.docx'}
              customRequest={({ file }) => upload.mutate({ id: d.id, kind, file: file as File }, { onSuccess: () => toastSuccess(S.seminar.uploaded) })}
            >
              <Button size="small" icon={<UploadOutlined />} loading={upload.isPending} data-testid={`upload-${kind}`}>
                {kind === 'slides' ? S.lecture.uploadSlides : S.lecture.uploadHandout}
              </Button>
            </Upload>
          ))}
        </div>
      )}
    </Card>
  );
}

/** A party lecture on the phone: when and where, slides, my rating (the audience), the average and comments (the lecturer). */
export default function LecturePage() {
  const id = Number(useParams().id);
  const q = useLecture(id);
  const rate = useRate();
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  if (q.isPending) return <Skeleton active style={{ padding: 16 }} />;
  if (q.isError)
    return (
      <>
        <TopBar title={S.lecture.title} back="/seminars" />
        <Alert type="error" title={errorMessage(q.error)} style={{ margin: 12 }} />
      </>
    );
  const d = q.data;
  const until = d.rateUntil ? dayjs(d.rateUntil).format('M月D日 HH:mm') : '';
  return (
    <div style={{ paddingBottom: 24 }}>
      <TopBar title={S.lecture.title} back="/seminars" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card size="small">
          <div style={{ fontSize: 18, fontWeight: 600 }} data-testid="lecture-topic">
            {d.topic}
          </div>
          <div style={{ color: '#6b6560', fontSize: 13, marginTop: 6, lineHeight: 1.9 }}>
            <div>
              <UserOutlined /> {S.lecture.lecturer}：{d.lecturerName}（{d.unitName}）
            </div>
            {d.date && (
              <div>
                <ClockCircleOutlined /> {d.date} {d.start}—{d.end}
              </div>
            )}
            {d.place && (
              <div>
                <EnvironmentOutlined /> {d.place}
              </div>
            )}
          </div>
          <Tag color={d.held ? 'green' : d.status === 'rejected' ? 'red' : 'blue'}>{d.statusLabel}</Tag>
          {d.me.checkedIn && <Tag color="green">{S.seminar.checkedIn(d.me.attendance ?? '')}</Tag>}
          {d.decisionNote && <div style={{ marginTop: 6, fontSize: 13 }}>{S.lecture.decisionNote}：{d.decisionNote}</div>}
          {d.outline && <div style={{ marginTop: 8, whiteSpace: 'pre-wrap', fontSize: 14, lineHeight: 1.7 }}>{d.outline}</div>}
        </Card>
        <LectureFiles d={d} />
        {!d.me.lecturer && d.me.attending && (
          <Card size="small" title={d.me.myRating ? S.lecture.myRating : S.lecture.rate}>
            {d.me.canRate ? (
              <>
                <Rate value={stars || d.me.myRating?.stars || 0} onChange={setStars} style={{ fontSize: 30 }} data-testid="rate-stars" />
                <Input.TextArea value={comment} onChange={(e) => setComment(e.target.value)} placeholder={S.lecture.comment} maxLength={500} autoSize={{ minRows: 2 }} style={{ marginTop: 8 }} data-testid="rate-comment" />
                <div style={{ fontSize: 12, color: '#8c847d', margin: '6px 0' }}>{d.anonymous ? S.lecture.rateHint(until) : S.lecture.rateNamed(until)}</div>
                <Button
                  type="primary"
                  block
                  disabled={!(stars || d.me.myRating?.stars)}
                  loading={rate.isPending}
                  data-testid="rate-submit"
                  onClick={() => rate.mutate({ id, stars: stars || d.me.myRating?.stars || 0, comment: comment || d.me.myRating?.comment || '' }, { onSuccess: () => toastSuccess(S.lecture.rated) })}
                >
                  {S.lecture.submitRating}
                </Button>
              </>
            ) : d.me.myRating ? (
              <div>
                <Rate disabled value={d.me.myRating.stars} /> <div>{d.me.myRating.comment}</div>
              </div>
            ) : (
              <div style={{ color: '#8c847d' }}>{S.lecture.needCheckIn}</div>
            )}
          </Card>
        )}
        <Feedback d={d} />
      </div>
    </div>
  );
}
