import { useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { App, Button, Card, Col, Empty, Input, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography, type InputRef } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ButtonProps } from 'antd';
import { ArrowLeftOutlined, CameraOutlined, CheckCircleFilled, CloseCircleFilled, DownloadOutlined, ExclamationCircleFilled, LoadingOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import type { StocktakeReport, StocktakeSummary } from '../../../api/types';
import { toastError, toastSuccess } from '../../../components/feedback';
import { normalizeBarcode, stocktakeScan, stocktakeXlsxUrl, useFinishStocktake, useLocations, useStartStocktake, useStocktake, useStocktakes } from '../api';
import { CameraScanner, cameraScanSupported } from '../components/CameraScanner';
import { S } from '../strings';

interface ScanEntry {
  id: number;
  at: string;
  barcode: string;
  state: 'pending' | 'ok' | 'warn' | 'error';
  text: string;
}

type ShelfRow = StocktakeReport['present'][number];

function StartPanel({ onOpen }: { onOpen: (id: number) => void }) {
  const locations = useLocations();
  const list = useStocktakes();
  const start = useStartStocktake();
  const [locationId, setLocationId] = useState<number | null>(null);
  const columns: ColumnsType<StocktakeSummary> = [
    { title: S.col.location, dataIndex: 'location' },
    { title: S.stStartedAt, dataIndex: 'started_at', width: 180, render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm') },
    { title: S.stScannedN, dataIndex: 'scanned', width: 90, align: 'right' },
    { title: S.col.status, dataIndex: 'status', width: 100, render: (s: string) => (s === 'open' ? <Tag color="processing">{S.stOpen}</Tag> : <Tag>{S.stFinished}</Tag>) },
    {
      title: S.col.actions,
      key: 'a',
      width: 90,
      render: (_, r) => (
        <Button type="link" size="small" onClick={() => onOpen(r.id)} data-testid="stocktake-open">
          {r.status === 'open' ? S.stContinue : S.stView}
        </Button>
      ),
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={S.stStart}>
        <Space wrap>
          <Select
            placeholder={S.stPickLocation}
            aria-label={S.stPickLocation}
            style={{ width: 320 }}
            value={locationId ?? undefined}
            onChange={setLocationId}
            options={(locations.data ?? []).map((l) => ({ value: l.id, label: `${l.name}（${l.unitName} · ${l.copies} 册）` }))}
            data-testid="stocktake-location"
          />
          <Button type="primary" disabled={!locationId} loading={start.isPending} onClick={() => locationId && start.mutateAsync(locationId).then((r) => onOpen(r.id))} data-testid="stocktake-start">
            {S.stStart}
          </Button>
        </Space>
      </Card>
      <Card size="small" title={S.stHistory}>
        <Table<StocktakeSummary> rowKey="id" size="small" columns={columns} dataSource={list.data} loading={list.isPending} pagination={{ pageSize: 20, hideOnSinglePage: true }} />
      </Card>
    </Space>
  );
}

function ReportTables({ r }: { r: StocktakeReport }) {
  const base: ColumnsType<ShelfRow> = [
    { title: S.col.barcode, dataIndex: 'barcode', width: 130 },
    { title: S.col.title, dataIndex: 'title' },
    { title: S.col.shelf, dataIndex: 'shelf', width: 80, render: (v: string | null) => v ?? '—' },
  ];
  const table = <T extends ShelfRow>(rows: T[], cols: ColumnsType<T>, testId: string) => (
    <Table<T> data-testid={testId} rowKey="barcode" size="small" columns={cols} dataSource={rows} pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: S.stNoneOfKind }} />
  );
  const c = S.stCounts;
  return (
    <Tabs
      defaultActiveKey="missing"
      items={[
        { key: 'missing', label: `${c.missing} ${r.missing.length}`, children: table(r.missing, base as ColumnsType<ShelfRow>, 'st-missing') },
        { key: 'present', label: `${c.present} ${r.present.length}`, children: table(r.present, base, 'st-present') },
        {
          key: 'wrong',
          label: `${c.wrongPlace} ${r.wrongPlace.length}`,
          children: table(r.wrongPlace, [...(base as ColumnsType<StocktakeReport['wrongPlace'][number]>), { title: S.stBelongsTo, dataIndex: 'belongsTo', width: 180 }], 'st-wrong'),
        },
        {
          key: 'loan',
          label: `${c.onLoan} ${r.onLoan.length}`,
          children: table(r.onLoan, [...(base as ColumnsType<StocktakeReport['onLoan'][number]>), { title: S.stSeen, dataIndex: 'scanned', width: 110, render: (v: boolean) => (v ? S.yes : S.no) }], 'st-loan'),
        },
        {
          key: 'unknown',
          label: `${c.unknown} ${r.unknown.length}`,
          children: (
            <Table
              data-testid="st-unknown"
              rowKey="barcode"
              size="small"
              columns={[{ title: S.col.barcode, dataIndex: 'barcode' }]}
              dataSource={r.unknown.map((barcode) => ({ barcode }))}
              pagination={false}
              locale={{ emptyText: S.stNoneOfKind }}
            />
          ),
        },
      ]}
    />
  );
}

function Counts({ r }: { r: StocktakeReport }) {
  const c = S.stCounts;
  const items: [string, number, string, string][] = [
    ['scanned', r.scanned, c.scanned, '#4a4440'],
    ['present', r.present.length, c.present, '#1f7a3a'],
    ['missing', r.missing.length, c.missing, '#cf1322'],
    ['wrong', r.wrongPlace.length, c.wrongPlace, '#d46b08'],
    ['loan', r.onLoan.length, c.onLoan, '#2f54eb'],
    ['unknown', r.unknown.length, c.unknown, '#8c847d'],
  ];
  return (
    <Row gutter={[12, 12]}>
      {items.map(([k, n, label, color]) => (
        <Col key={k} xs={8} md={4}>
          <Card size="small" styles={{ body: { padding: '8px 12px' } }}>
            <Statistic title={label} value={n} valueStyle={{ color, fontWeight: 600 }} />
            <span data-testid={`st-count-${k}`} hidden>
              {n}
            </span>
          </Card>
        </Col>
      ))}
    </Row>
  );
}

function Session({ id, onBack }: { id: number; onBack: () => void }) {
  const qc = useQueryClient();
  const { modal } = App.useApp();
  const report = useStocktake(id);
  const finish = useFinishStocktake();
  const [scan, setScan] = useState('');
  const [log, setLog] = useState<ScanEntry[]>([]);
  const [camera, setCamera] = useState(false);
  const seq = useRef(0);
  const input = useRef<InputRef>(null);
  const r = report.data;
  const open = r?.status === 'open';

  const focus = useCallback(() => setTimeout(() => input.current?.focus(), 0), []);
  useEffect(() => {
    if (open) focus();
  }, [open, focus]);

  const submit = async (raw: string) => {
    const barcode = normalizeBarcode(raw);
    if (!barcode) return;
    const entryId = ++seq.current;
    const entry: ScanEntry = { id: entryId, at: dayjs().format('HH:mm:ss'), barcode, state: 'pending', text: S.pending };
    setLog((l) => [entry, ...l].slice(0, 200));
    const update = (p: Partial<ScanEntry>) => setLog((l) => l.map((e) => (e.id === entryId ? { ...e, ...p } : e)));
    try {
      const s = await stocktakeScan(id, barcode);
      const title = s.title ?? '';
      if (!s.known) update({ state: 'error', text: S.stScanUnknown });
      else if (s.wrongPlace) update({ state: 'warn', text: S.stScanWrong(title, s.wrongPlace) });
      else if (s.onLoan) update({ state: 'warn', text: S.stScanLoan(title) });
      else update({ state: 'ok', text: s.duplicate ? S.stScanDup(title) : S.stScanOk(title) });
    } catch (e) {
      update({ state: 'error', text: errorMessage(e) });
    }
    void qc.invalidateQueries({ queryKey: ['library', 'stocktake', id] });
  };

  const onEnter = () => {
    const v = scan;
    setScan('');
    void submit(v);
    focus();
  };

  const markLost = () => {
    if (!r) return;
    modal.confirm({
      title: S.stMarkLost,
      content: S.stMarkLostConfirm(r.missing.length),
      okText: S.stMarkLost,
      okButtonProps: { danger: true, 'data-testid': 'st-marklost-ok' } as ButtonProps,
      cancelText: S.cancel,
      onOk: () =>
        finish
          .mutateAsync({ id, markMissingLost: true })
          .then((x) => toastSuccess(S.stMarked(x.marked)))
          .catch(toastError),
    });
  };
  const finishOnly = () =>
    modal.confirm({
      title: S.stFinish,
      content: S.stFinishConfirm,
      okText: S.stFinish,
      cancelText: S.cancel,
      onOk: () =>
        finish
          .mutateAsync({ id, markMissingLost: false })
          .then(() => toastSuccess(S.stFinishedOk))
          .catch(toastError),
    });

  const icon = (s: ScanEntry['state']) =>
    s === 'pending' ? <LoadingOutlined /> : s === 'ok' ? <CheckCircleFilled style={{ color: '#1f7a3a' }} /> : s === 'warn' ? <ExclamationCircleFilled style={{ color: '#d46b08' }} /> : <CloseCircleFilled style={{ color: '#cf1322' }} />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {S.stBack}
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="st-location">
          {r?.location ?? ''}
        </Typography.Title>
        {r && (open ? <Tag color="processing">{S.stOpen}</Tag> : <Tag>{S.stFinished}</Tag>)}
        {r?.lostMarked && <Tag color="red">{S.stLostMarked}</Tag>}
        <div style={{ flex: 1 }} />
        <Button icon={<DownloadOutlined />} href={stocktakeXlsxUrl(id)} data-testid="st-export">
          {S.exportXlsx}
        </Button>
        {r && !r.lostMarked && r.missing.length > 0 && (
          <Button danger onClick={markLost} loading={finish.isPending} data-testid="st-marklost">
            {S.stMarkLost}（{r.missing.length}）
          </Button>
        )}
        {open && (
          <Button onClick={finishOnly} data-testid="st-finish">
            {S.stFinish}
          </Button>
        )}
      </div>
      {r && <Counts r={r} />}
      <Row gutter={[16, 16]}>
        {open && (
          <Col xs={24} lg={9}>
            <Card size="small" title={S.stLog} onClick={focus}>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  ref={input}
                  size="large"
                  value={scan}
                  onChange={(e) => setScan(e.target.value)}
                  onPressEnter={onEnter}
                  placeholder={S.stScanPlaceholder}
                  aria-label={S.stScanPlaceholder}
                  autoComplete="off"
                  data-testid="st-scan"
                />
                {cameraScanSupported() && (
                  <Button size="large" icon={<CameraOutlined />} onClick={() => setCamera(true)} aria-label={S.stCamera} data-testid="st-camera" />
                )}
              </Space.Compact>
              <Typography.Text type="secondary" style={{ display: 'block', margin: '6px 0 10px', fontSize: 12 }}>
                {S.stScanHint}
              </Typography.Text>
              {log.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.stLogEmpty} />
              ) : (
                <div style={{ maxHeight: 420, overflowY: 'auto' }}>
                  {log.map((e) => (
                    <div key={e.id} data-testid="st-log-row" data-state={e.state} style={{ display: 'flex', gap: 8, padding: '6px 0', borderBottom: '1px solid #f3efea', alignItems: 'baseline' }}>
                      {icon(e.state)}
                      <div style={{ minWidth: 0 }}>
                        <div style={{ fontFamily: 'monospace' }}>
                          {e.barcode} <span style={{ color: '#a8a09a', fontSize: 12 }}>{e.at}</span>
                        </div>
                        <div style={{ fontSize: 13, color: e.state === 'error' ? '#cf1322' : e.state === 'warn' ? '#d46b08' : '#4a4440' }}>{e.text}</div>
                      </div>
                    </div>
                  ))}
                </div>
              )}
            </Card>
          </Col>
        )}
        <Col xs={24} lg={open ? 15 : 24}>
          <Card size="small">{r ? <ReportTables r={r} /> : null}</Card>
        </Col>
      </Row>
      <CameraScanner
        open={camera}
        onClose={() => {
          setCamera(false);
          focus();
        }}
        onCode={(c) => void submit(c)}
      />
    </Space>
  );
}

/** 盘点: pick a location, scan every copy on its shelves, then the report and “mark missing as 遗失”. */
export default function StocktakePage() {
  const [params, setParams] = useSearchParams();
  const id = Number(params.get('id')) || null;
  return (
    <div>
      <Typography.Title level={3} style={{ margin: '0 0 12px' }}>
        {S.stTitle}
      </Typography.Title>
      {id ? <Session id={id} onBack={() => setParams({})} /> : <StartPanel onOpen={(x) => setParams({ id: String(x) })} />}
    </div>
  );
}
