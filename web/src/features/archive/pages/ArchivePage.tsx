import { useMemo, useState } from 'react';
import { Alert, Button, Card, Progress, Select, Space, TreeSelect, Typography } from 'antd';
import { DownloadOutlined, FileZipOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { buildUnitTree, useUnits } from '../../../api/units';
import { toastError } from '../../../components/feedback';
import { downloadUrl, useBuild, useStartBuild } from '../api';
import { S } from '../strings';

/** One click: the year's archive built on the server with progress, then downloaded. */
export default function ArchivePage() {
  const thisYear = dayjs().year();
  const [year, setYear] = useState(thisYear);
  const units = useUnits();
  const tree = useMemo(() => buildUnitTree(units.data ?? []), [units.data]);
  const [unitId, setUnitId] = useState<number | undefined>();
  const [buildId, setBuildId] = useState<string | null>(null);
  const [joined, setJoined] = useState(false);
  const start = useStartBuild(year);
  const build = useBuild(buildId);
  const b = build.data;
  return (
    <Card title={S.title}>
      <Space orientation="vertical" size={16} style={{ width: '100%', maxWidth: 720 }}>
        <Typography.Paragraph type="secondary">{S.intro}</Typography.Paragraph>
        <Space wrap>
          <TreeSelect style={{ width: 260 }} treeData={tree} value={unitId ?? tree[0]?.value} onChange={(v) => setUnitId(v)} treeDefaultExpandAll placeholder={S.unit} />
          <Select value={year} onChange={setYear} options={[thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: y, label: S.year(y) }))} style={{ width: 120 }} />
          <Button
            type="primary"
            icon={<FileZipOutlined />}
            loading={start.isPending || b?.status === 'building'}
            onClick={() =>
              start
                .mutateAsync(unitId ?? tree[0]?.value)
                .then((r) => {
                  setBuildId(r.id);
                  setJoined(Boolean(r.joined));
                })
                .catch(toastError)
            }
            data-testid="archive-build"
          >
            {S.build}
          </Button>
        </Space>
        {joined && b?.status === 'building' && <Alert type="info" showIcon message={S.joined} />}
        {b && (
          <div data-testid="archive-progress">
            <Progress percent={Math.round((b.done / Math.max(1, b.total)) * 100)} status={b.status === 'failed' ? 'exception' : b.status === 'done' ? 'success' : 'active'} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {b.status === 'building' ? `${S.building(b.done, b.total)}\u3000${b.current}` : b.status === 'done' ? `${S.done}（${S.size(b.bytes)}）` : S.failed}
            </Typography.Text>
          </div>
        )}
        {b?.status === 'done' && (
          <Button icon={<DownloadOutlined />} href={downloadUrl(b.id)} data-testid="archive-download">
            {S.download}
          </Button>
        )}
      </Space>
    </Card>
  );
}
