import { useRef, useState } from 'react';
import { Alert, Button, Descriptions, Image, Input, Space, Tag, Typography } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { errorMessage } from '../../../api/client';
import { toastError, toastSuccess } from '../../../components/feedback';
import { PageLoading } from '../../../components/PageLoading';
import { photoUrl, uploadPhoto, useRectification, useRectificationAction } from '../api';
import { dataUrlBlob, photoDataUrl } from '../offline';
import { fmtTime, S } from '../strings';

const COLOR: Record<string, string> = { open: 'processing', submitted: 'warning', accepted: 'success', overdue: 'error' };

/** One rectification: the finding, the requirement, the unit's evidence and answer, the review. */
export function RectificationDetail({ id }: { id: number }) {
  const r = useRectification(id);
  const act = useRectificationAction(id);
  const [response, setResponse] = useState('');
  const [note, setNote] = useState('');
  const [uploading, setUploading] = useState(false);
  const fileRef = useRef<HTMLInputElement>(null);
  if (r.isPending) return <PageLoading />;
  if (r.isError) return <Alert type="error" title={errorMessage(r.error)} />;
  const t = r.data;

  const addPhoto = async (file: File | undefined) => {
    if (!file) return;
    setUploading(true);
    try {
      const blob = dataUrlBlob(await photoDataUrl(file));
      const { id: fileId } = await uploadPhoto(blob, file.name.replace(/\.[^.]*$/, '') + '.jpg', 'evidence');
      await act.evidence.mutateAsync({ fileId });
    } catch (e) {
      toastError(e);
    } finally {
      setUploading(false);
      if (fileRef.current) fileRef.current.value = '';
    }
  };
  const run = (p: Promise<unknown>, done: string) =>
    p.then(
      () => toastSuccess(done),
      (e) => toastError(e),
    );

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={S.col.status}>
          <Tag color={COLOR[t.shownStatus]} data-testid="rect-status">
            {t.statusLabel}
          </Tag>
        </Descriptions.Item>
        <Descriptions.Item label={S.col.unit}>{t.unitName}</Descriptions.Item>
        <Descriptions.Item label={S.finding}>
          {t.itemLabel}（{t.findingScore}/{t.findingMaxScore}）：{t.findingText}
          {t.findingPhotoId ? <Image src={photoUrl(t.findingPhotoId)} width={72} style={{ display: 'block', marginTop: 4 }} /> : null}
        </Descriptions.Item>
        <Descriptions.Item label={S.requirement}>{t.requirement}</Descriptions.Item>
        <Descriptions.Item label={S.col.owner}>{t.ownerName}</Descriptions.Item>
        <Descriptions.Item label={S.col.deadline}>{t.deadline}</Descriptions.Item>
        {t.response ? <Descriptions.Item label={S.response}>{t.response}</Descriptions.Item> : null}
        {t.reviewNote ? <Descriptions.Item label={S.reviewNote}>{t.reviewNote}</Descriptions.Item> : null}
      </Descriptions>

      <div>
        <Typography.Text strong>
          {S.evidence}（{t.evidence.length}）
        </Typography.Text>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 6 }}>
          {t.evidence.map((e) => (
            <div key={e.id} style={{ fontSize: 12 }} data-testid="evidence-photo">
              <Image src={photoUrl(e.fileId)} width={88} height={66} style={{ objectFit: 'cover' }} />
              <div>
                {e.by} · {fmtTime(e.at)}
              </div>
            </div>
          ))}
        </div>
      </div>

      {t.canRespond ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <input ref={fileRef} type="file" accept="image/jpeg,image/png" capture="environment" style={{ display: 'none' }} data-testid="evidence-input" onChange={(e) => void addPhoto(e.target.files?.[0])} />
          <Button block icon={<CameraOutlined />} loading={uploading} onClick={() => fileRef.current?.click()}>
            {S.addEvidence}
          </Button>
          <Input.TextArea aria-label={S.response} placeholder={S.response} rows={3} value={response} onChange={(e) => setResponse(e.target.value)} maxLength={2000} />
          <Button block type="primary" loading={act.submit.isPending} onClick={() => void run(act.submit.mutateAsync({ response, version: t.version }), S.submit)}>
            {S.submit}
          </Button>
        </Space>
      ) : null}

      {t.canReview ? (
        <Space orientation="vertical" style={{ width: '100%' }}>
          <Input.TextArea aria-label={S.reviewNote} placeholder={S.reviewNote} rows={2} value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000} />
          <Space>
            <Button type="primary" loading={act.review.isPending} onClick={() => void run(act.review.mutateAsync({ accept: true, note, version: t.version }), S.accept)}>
              {S.accept}
            </Button>
            <Button danger onClick={() => void run(act.review.mutateAsync({ accept: false, note, version: t.version }), S.sendBack)}>
              {S.sendBack}
            </Button>
          </Space>
        </Space>
      ) : null}
    </Space>
  );
}
