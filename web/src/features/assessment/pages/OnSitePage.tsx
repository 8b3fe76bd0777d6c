import { useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Collapse, Input, InputNumber, Select, Space, Tag, Typography } from 'antd';
import { CameraOutlined, CloudUploadOutlined, DeleteOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PageLoading } from '../../../components/PageLoading';
import { photoUrl, useUnitSheet } from '../api';
import { FactList } from '../components/FactList';
import { discard, enqueue, flushQueue, newClientId, onQueueChange, photoDataUrl, readQueue, type QueuedFinding } from '../offline';
import { S } from '../strings';

function useQueue(inspectionId: number, unitId: number) {
  const [q, setQ] = useState<QueuedFinding[]>(() => readQueue());
  useEffect(() => onQueueChange(setQ), []);
  return q.filter((f) => f.inspectionId === inspectionId && f.unitId === unitId);
}

function useOnline() {
  const [online, setOnline] = useState(navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** The on-site form on the inspector's phone: what the platform knows about the unit, and findings with a photo. */
export default function OnSitePage() {
  const params = useParams();
  const id = Number(params.id);
  const unitId = Number(params.unitId);
  const sheet = useUnitSheet(id, unitId);
  const queue = useQueue(id, unitId);
  const online = useOnline();
  const qc = useQueryClient();
  const [itemKey, setItemKey] = useState<string | undefined>();
  const [memberId, setMemberId] = useState<number | undefined>();
  const [score, setScore] = useState<number | null>(null);
  const [text, setText] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);

  const flush = async () => {
    setSending(true);
    try {
      const n = await flushQueue();
      if (n) {
        toastSuccess(`${S.sent} ${n} 条`);
        await qc.invalidateQueries({ queryKey: ['assessment'] });
      }
    } finally {
      setSending(false);
    }
  };
  useEffect(() => {
    const first = window.setTimeout(() => void flush(), 0);
    const on = () => void flush();
    window.addEventListener('online', on);
    const timer = window.setInterval(() => navigator.onLine && void flush(), 30_000);
    return () => {
      window.removeEventListener('online', on);
      window.clearInterval(timer);
      window.clearTimeout(first);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page
  }, []);

  if (sheet.isPending) return <PageLoading />;
  if (sheet.isError) return <Alert style={{ margin: 12 }} type="error" title={errorMessage(sheet.error)} />;
  const s = sheet.data;
  const item = s.items.find((i) => i.key === itemKey);

  const pick = async (file: File | undefined) => {
    if (!file) return;
    try {
      setPhoto(await photoDataUrl(file));
    } catch (e) {
      toastError(e);
    }
  };
  const save = async () => {
    if (!itemKey) return toastError(new Error(S.needItem));
    if (!text.trim()) return toastError(new Error(S.needText));
    if (!photo) return toastError(new Error(S.needPhoto));
    enqueue({ clientId: newClientId(), inspectionId: id, unitId, itemKey, memberId: memberId ?? null, score: score ?? 0, text: text.trim(), observedAt: new Date().toISOString(), photoDataUrl: photo });
    setText('');
    setScore(null);
    setPhoto(null);
    setItemKey(undefined);
    setMemberId(undefined);
    if (navigator.onLine) await flush();
    else toastSuccess(S.savedOffline);
  };

  return (
    <div style={{ padding: 12 }}>
      <Typography.Title level={4} style={{ margin: '4px 0' }}>
        {S.onSiteTitle} · {s.unitName}
      </Typography.Title>
      <Typography.Text type="secondary">{S.period(s.period.from, s.period.to)}</Typography.Text>

      {!online ? <Alert style={{ marginTop: 8 }} type="warning" showIcon title={S.offlineNow} /> : null}
      {queue.length ? (
        <Alert
          style={{ marginTop: 8 }}
          type="info"
          showIcon
          data-testid="queue"
          title={sending ? S.sendingNow : S.queue(queue.length)}
          action={
            <Button size="small" icon={<CloudUploadOutlined />} onClick={() => void flush()} disabled={sending || !online}>
              {S.sendNow}
            </Button>
          }
        />
      ) : null}

      <Card size="small" title={S.knows} style={{ marginTop: 12 }}>
        <Collapse
          size="small"
          ghost
          defaultActiveKey={s.items.map((i) => i.key)}
          items={s.items.map((i) => ({ key: i.key, label: i.label, children: <FactList facts={i.facts} linkable={false} /> }))}
        />
      </Card>

      {s.members.length ? (
        <Card size="small" title={S.drawnMembers} style={{ marginTop: 12 }}>
          <Space wrap>
            {s.members.map((m) => (
              <Tag key={m.id}>
                {m.name}
                {m.position ? `（${m.position}）` : ''}
              </Tag>
            ))}
          </Space>
        </Card>
      ) : null}

      {s.canRecord ? (
        <Card size="small" title={S.newFinding} style={{ marginTop: 12 }}>
          <Space orientation="vertical" size={10} style={{ width: '100%' }}>
            <Select
              aria-label={S.findingItem}
              placeholder={S.findingItem}
              value={itemKey}
              onChange={setItemKey}
              style={{ width: '100%' }}
              options={s.items.map((i) => ({ value: i.key, label: i.label }))}
            />
            {s.members.length ? (
              <Select
                aria-label={S.findingMember}
                placeholder={S.findingMember}
                allowClear
                value={memberId}
                onChange={setMemberId}
                style={{ width: '100%' }}
                options={s.members.map((m) => ({ value: m.id, label: `${m.name}${m.position ? `（${m.position}）` : ''}` }))}
              />
            ) : null}
            <InputNumber
              aria-label={S.findingScore(item?.maxScore ?? 10)}
              placeholder={S.findingScore(item?.maxScore ?? 10)}
              min={0}
              max={item?.maxScore ?? 10}
              precision={0}
              value={score}
              onChange={setScore}
              style={{ width: '100%' }}
              size="large"
            />
            <Input.TextArea aria-label={S.findingText} placeholder={S.findingText} rows={3} maxLength={2000} value={text} onChange={(e) => setText(e.target.value)} />
            <input ref={fileRef} type="file" accept="image/jpeg,image/png" capture="environment" style={{ display: 'none' }} data-testid="photo-input" onChange={(e) => void pick(e.target.files?.[0])} />
            {photo ? <img src={photo} alt={S.takePhoto} data-testid="photo-preview" style={{ width: '100%', maxHeight: 220, objectFit: 'cover', borderRadius: 8 }} /> : null}
            <Button block size="large" icon={<CameraOutlined />} onClick={() => fileRef.current?.click()}>
              {photo ? S.retakePhoto : S.takePhoto}
            </Button>
            <Button block type="primary" size="large" onClick={() => void save()}>
              {S.saveFinding}
            </Button>
          </Space>
        </Card>
      ) : null}

      {queue.length ? (
        <Card size="small" title={S.queue(queue.length)} style={{ marginTop: 12 }}>
          {queue.map((f) => (
            <div key={f.clientId} style={{ display: 'flex', gap: 8, alignItems: 'center', padding: '6px 0' }}>
              <img src={f.photoDataUrl} alt="" style={{ width: 48, height: 36, objectFit: 'cover', borderRadius: 4 }} />
              <div style={{ flex: 1, fontSize: 13 }}>
                {s.items.find((i) => i.key === f.itemKey)?.label} · {f.score} 分<div>{f.text}</div>
                {f.error ? <Typography.Text type="danger">{f.error}</Typography.Text> : null}
              </div>
              {f.error ? <Button size="small" icon={<DeleteOutlined />} aria-label="删除" onClick={() => discard(f.clientId)} /> : null}
            </div>
          ))}
        </Card>
      ) : null}

      <Card size="small" title={S.findingsHere} style={{ marginTop: 12 }}>
        {s.findings.length === 0 ? <Typography.Text type="secondary">{S.none}</Typography.Text> : null}
        {s.findings.map((f) => (
          <div key={f.id} data-testid="finding" style={{ display: 'flex', gap: 8, padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
            {f.photoFileId ? <img src={photoUrl(f.photoFileId)} alt="" data-testid="finding-photo" style={{ width: 64, height: 48, objectFit: 'cover', borderRadius: 4 }} /> : null}
            <div style={{ fontSize: 13 }}>
              <Typography.Text strong>
                {f.itemLabel} · {f.score}/{f.maxScore}
              </Typography.Text>
              {f.memberName ? <Tag style={{ marginLeft: 6 }}>{S.against(f.memberName)}</Tag> : null}
              <div>{f.text}</div>
            </div>
          </div>
        ))}
      </Card>
    </div>
  );
}
