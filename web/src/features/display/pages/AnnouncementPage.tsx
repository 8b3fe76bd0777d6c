import { useEffect } from 'react';
import { Button, Image, Result, Skeleton, Space, Typography } from 'antd';
import { LeftOutlined } from '@ant-design/icons';
import { Link, useParams } from 'react-router';
import { SafeHtml } from '../../reflections/components/SafeHtml';
import { useAnnouncement, useMarkRead } from '../api';
import { fmtTime, S } from '../strings';

/** One announcement: opening it counts as read for the member's unit. */
export default function AnnouncementPage() {
  const id = Number(useParams().id);
  const a = useAnnouncement(id);
  const markRead = useMarkRead();
  const { mutate } = markRead;
  useEffect(() => {
    if (a.data && !a.data.read) mutate(id);
  }, [a.data, id, mutate]);
  if (a.isLoading) return <Skeleton active style={{ padding: 16 }} />;
  if (!a.data) return <Result status="404" title={S.noAnn} extra={<Link to="/announcements">{S.back}</Link>} />;
  const d = a.data;
  return (
    <div style={{ padding: 16, background: '#fff', minHeight: '100%' }}>
      <Link to="/announcements">
        <Button type="link" icon={<LeftOutlined />} style={{ paddingInline: 0 }}>
          {S.back}
        </Button>
      </Link>
      <Typography.Title level={4} data-testid="ann-title">
        {d.title}
      </Typography.Title>
      <Typography.Text type="secondary">
        {d.unitName} · {fmtTime(d.publishFrom)}
      </Typography.Text>
      {d.images.length > 0 && (
        <Space wrap style={{ marginTop: 12 }}>
          <Image.PreviewGroup>
            {d.images.map((img) => (
              <Image key={img.id} src={img.url} width={d.images.length === 1 ? '100%' : 104} alt={img.filename} />
            ))}
          </Image.PreviewGroup>
        </Space>
      )}
      <SafeHtml html={d.bodyHtml} testId="ann-body" style={{ marginTop: 12 }} />
    </div>
  );
}
