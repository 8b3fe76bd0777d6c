import { useState } from 'react';
import { Link } from 'react-router';
import { Button, Card, Empty, Form, Input, Modal, Rate, Skeleton, Tag } from 'antd';
import { RightOutlined } from '@ant-design/icons';
import { toastSuccess } from '../../../components/feedback';
import { TopBar } from '../../../components/TopBar';
import { useMyLectures, useMySeminars, usePropose, type LectureItem, type MySeminars } from '../api';
import { S } from '../strings';

type Item = MySeminars['items'][number];

function SeminarRow({ s }: { s: Item }) {
  return (
    <Link to={`/seminars/${s.id}`} data-testid="my-seminar" style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 2px', borderTop: '1px solid #f3efea', color: 'inherit' }}>
      <div style={{ width: 44, textAlign: 'center', color: '#9e1b1b', fontWeight: 600 }}>{Number(s.month.slice(5))}月</div>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{s.theme}</div>
        <div style={{ fontSize: 12, color: '#8c847d' }}>
          {s.date} · {S.mine.speakers(s.speakers)}
        </div>
      </div>
      {s.speaking && <Tag color="red">{S.seminar.mySpeakerTag}</Tag>}
      <RightOutlined style={{ color: '#b5aca4' }} />
    </Link>
  );
}

function LectureRow({ l, mine }: { l: LectureItem; mine?: boolean }) {
  return (
    <Link to={`/lectures/${l.id}`} data-testid="my-lecture" style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '10px 2px', borderTop: '1px solid #f3efea', color: 'inherit' }}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <div style={{ fontSize: 14, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{l.topic}</div>
        <div style={{ fontSize: 12, color: '#8c847d' }}>{[mine ? null : l.lecturerName, l.date ? `${l.date} ${l.start}` : null].filter(Boolean).join(' · ') || l.unitName}</div>
      </div>
      {mine && l.average != null ? <Rate disabled allowHalf value={l.average} style={{ fontSize: 12 }} /> : null}
      <Tag color={l.status === 'rejected' ? 'red' : l.status === 'proposed' ? 'gold' : l.held ? 'green' : 'blue'}>{l.statusLabel}</Tag>
    </Link>
  );
}

/** 研讨与党课 on the phone: the next seminar and whether I speak, this year's seminars, my lectures and those I may attend. */
export default function MySeminarsPage() {
  const sem = useMySeminars();
  const lec = useMyLectures();
  const propose = usePropose();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ topic: string; outline: string }>();
  const next = sem.data?.next;
  return (
    <div style={{ paddingBottom: 24 }}>
      <TopBar title={S.mine.title} back="/" />
      <div style={{ padding: 12, display: 'flex', flexDirection: 'column', gap: 12 }}>
        <Card size="small" title={S.mine.next}>
          {sem.isPending ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : next ? (
            <Link to={`/seminars/${next.id}`} style={{ color: 'inherit', display: 'block' }} data-testid="next-seminar">
              <div style={{ fontSize: 16, fontWeight: 600 }}>{next.theme}</div>
              <div style={{ fontSize: 13, color: '#6b6560', marginTop: 4 }}>
                {next.date} {next.start}—{next.end}
              </div>
              <div style={{ marginTop: 6 }}>
                <Tag color={next.speaking ? 'red' : 'default'} data-testid="next-speaking">
                  {next.speaking ? S.mine.youSpeak : S.mine.youListen}
                </Tag>
                <span style={{ fontSize: 12, color: '#8c847d' }}>{S.mine.speakers(next.speakers)}</span>
              </div>
            </Link>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.mine.none} />
          )}
        </Card>
        <Card size="small" title={S.mine.seminars} styles={{ body: { paddingTop: 0 } }}>
          {(sem.data?.items ?? []).filter((s) => s.id !== next?.id).map((s) => <SeminarRow key={s.id} s={s} />)}
          {sem.data && sem.data.items.filter((s) => s.id !== next?.id).length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.mine.none} />}
        </Card>
        <Card
          size="small"
          title={S.mine.myLectures}
          extra={
            <Button size="small" type="primary" onClick={() => setOpen(true)} data-testid="lecture-propose">
              {S.mine.propose}
            </Button>
          }
          styles={{ body: { paddingTop: 0 } }}
        >
          {(lec.data?.mine ?? []).map((l) => (
            <LectureRow key={l.id} l={l} mine />
          ))}
          {lec.data?.mine.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.mine.noLectures} />}
        </Card>
        <Card size="small" title={S.mine.toAttend} styles={{ body: { paddingTop: 0 } }}>
          {(lec.data?.attending ?? []).map((l) => (
            <LectureRow key={l.id} l={l} />
          ))}
          {lec.data?.attending.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.mine.noLectures} />}
        </Card>
      </div>
      <Modal open={open} title={S.lecture.propose} onCancel={() => setOpen(false)} onOk={() => form.submit()} okButtonProps={{ loading: propose.isPending, 'data-testid': 'propose-submit' }}>
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            propose.mutate(v, {
              onSuccess: () => {
                setOpen(false);
                form.resetFields();
                toastSuccess(S.lecture.proposed);
              },
            })
          }
        >
          <Form.Item name="topic" label={S.lecture.topic} rules={[{ required: true, whitespace: true, message: '请填写党课题目' }]}>
            <Input maxLength={200} data-testid="propose-topic" />
          </Form.Item>
          <Form.Item name="outline" label={S.lecture.outline} rules={[{ required: true, whitespace: true, message: '请填写党课提纲' }]}>
            <Input.TextArea autoSize={{ minRows: 4 }} maxLength={5000} data-testid="propose-outline" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
