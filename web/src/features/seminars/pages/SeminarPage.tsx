import { useState } from 'react';
import { useParams } from 'react-router';
import { Alert, Button, Card, Empty, Input, Modal, Skeleton, Tag } from 'antd';
import { ClockCircleOutlined, EnvironmentOutlined, UserOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { toastSuccess } from '../../../components/feedback';
import { TopBar } from '../../../components/TopBar';
import { useAskLeave, useSeminar, useSeminarAction } from '../api';
import { SpeakerCard } from '../components/SpeakerCard';
import { SpeechEditor } from '../components/SpeechEditor';
import { S } from '../strings';

/** The member's seminar page on a phone: when and where, my check-in, each speaker with their 同事议, my own speech. */
export default function SeminarPage() {
  const id = Number(useParams().id);
  const q = useSeminar(id, true);
  const act = useSeminarAction();
  const leave = useAskLeave();
  const [editing, setEditing] = useState(false);
  const [leaveOpen, setLeaveOpen] = useState(false);
  const [reason, setReason] = useState('');
  if (q.isPending) return <Skeleton active style={{ padding: 16 }} />;
  if (q.isError)
    return (
      <>
        <TopBar title={S.seminar.title} back="/seminars" />
        <Alert type="error" title={errorMessage(q.error)} style={{ margin: 12 }} />
      </>
    );
  const d = q.data;
  const mine = d.speakers.find((sp) => sp.id === d.me.speakerId);
  const until = dayjs(d.commentUntil).format('M月D日 HH:mm');
  const ended = dayjs().isAfter(dayjs(d.endsAt));
  return (
    <div style={{ paddingBottom: 24 }}>
      <TopBar title={S.seminar.title} back="/seminars" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card size="small" styles={{ body: { padding: 14 } }}>
          <div style={{ fontSize: 18, fontWeight: 600, lineHeight: 1.4 }} data-testid="seminar-theme">
            {d.theme}
          </div>
          <div style={{ color: '#6b6560', fontSize: 13, marginTop: 6, lineHeight: 1.9 }}>
            <div>
              <ClockCircleOutlined /> {S.seminar.when(dayjs(d.startsAt).format('M月D日 ddd'), d.start, d.end)}
            </div>
            {d.place && (
              <div>
                <EnvironmentOutlined /> {d.place}
              </div>
            )}
            <div>
              <UserOutlined /> {S.seminar.chair}：{d.chairName}
            </div>
          </div>
          <div style={{ marginTop: 8, display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
            {d.status === 'cancelled' ? (
              <Tag>{d.statusLabel}</Tag>
            ) : d.me.checkedIn ? (
              <Tag color="green" data-testid="my-checkin">
                {S.seminar.checkedIn(d.me.attendance ?? '')}
              </Tag>
            ) : d.me.leaveStatus ? (
              <Tag color="blue">{S.seminar.leaveStatus(d.me.leaveStatus)}</Tag>
            ) : d.me.attending && !ended ? (
              <>
                <span style={{ fontSize: 13, color: '#8c847d' }}>{S.seminar.checkIn}</span>
                <Button size="small" onClick={() => setLeaveOpen(true)} data-testid="seminar-leave">
                  {S.seminar.leave}
                </Button>
              </>
            ) : d.me.attendance ? (
              <Tag>{d.me.attendance}</Tag>
            ) : null}
            {d.me.canVolunteer && (
              <Button size="small" type="primary" ghost loading={act.isPending} onClick={() => act.mutate({ id, action: 'volunteer' }, { onSuccess: () => toastSuccess(S.seminar.volunteered) })} data-testid="seminar-volunteer">
                {S.seminar.volunteer}
              </Button>
            )}
          </div>
          {d.status !== 'cancelled' && (
            <div style={{ fontSize: 12, color: '#8c847d', marginTop: 6 }}>
              {dayjs().isAfter(dayjs(d.commentUntil)) ? S.seminar.commentClosed(until) : d.me.checkedIn || d.me.canComment ? S.seminar.commentUntil(until) : S.seminar.commentNeedsCheckIn}
            </div>
          )}
        </Card>
        {mine && d.status === 'scheduled' && (
          <Card size="small" title={S.seminar.mySpeech} extra={!editing && <a onClick={() => setEditing(true)} data-testid="speech-edit">{S.seminar.editSpeech}</a>}>
            {editing || !mine.bookId ? <SpeechEditor seminarId={id} speaker={mine} onDone={() => setEditing(false)} /> : <div style={{ fontSize: 13, color: '#6b6560' }}>《{mine.bookTitle}》</div>}
          </Card>
        )}
        <div style={{ fontSize: 15, fontWeight: 600, margin: '4px 2px 0' }}>
          {S.seminar.speakers}（{d.speakers.length}）
        </div>
        {d.speakers.length === 0 && <Empty description={S.seminar.noSpeakers} />}
        {d.speakers.map((sp) => (
          <SpeakerCard key={sp.id} d={d} sp={sp} />
        ))}
      </div>
      <Modal
        open={leaveOpen}
        title={S.seminar.leave}
        onCancel={() => setLeaveOpen(false)}
        okButtonProps={{ disabled: !reason.trim(), loading: leave.isPending }}
        onOk={() =>
          leave.mutate(
            { sessionId: d.sessionId, reason },
            {
              onSuccess: () => {
                setLeaveOpen(false);
                setReason('');
                toastSuccess(S.seminar.leaveSent);
              },
            },
          )
        }
      >
        <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} placeholder={S.seminar.leaveReason} maxLength={500} autoSize={{ minRows: 2 }} />
      </Modal>
    </div>
  );
}
