import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Col, Empty, Input, Row, Segmented, Tag, Typography, type InputRef } from 'antd';
import { BarcodeOutlined, CheckCircleFilled, CloseCircleFilled, LoadingOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { errorMessage } from '../../../api/client';
import { categoryLabel } from '../../../api/labels';
import type { Member } from '../../../api/types';
import { deskCheckin, deskCheckout, fetchMemberPick, memberPickKey, normalizeBarcode, useMemberPick } from '../api';
import { S } from '../strings';

type Mode = 'out' | 'in';

interface LogEntry {
  id: number;
  at: string;
  mode: Mode;
  barcode: string;
  member: string | null;
  state: 'pending' | 'ok' | 'error';
  title?: string;
  text: string;
}

const isTextField = (el: Element | null) => el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement;

/**
 * 服务台 (desk mode): pick the borrower, then every scan (a keyboard-wedge scanner
 * types the code and Enter) lends or takes back a copy. No mouse needed:
 * Enter picks the first matching member, F2 switches lending/returning, Esc goes
 * back to the member box, and the scan box takes the focus back after each scan.
 */
export default function DeskPage() {
  const qc = useQueryClient();
  const [member, setMember] = useState<Member | null>(null);
  const [q, setQ] = useState('');
  const [active, setActive] = useState(0);
  const [noMatch, setNoMatch] = useState(false);
  const [mode, setMode] = useState<Mode>('out');
  const [scan, setScan] = useState('');
  const [log, setLog] = useState<LogEntry[]>([]);
  const seq = useRef(0);
  const scanRef = useRef<InputRef>(null);
  const memberRef = useRef<InputRef>(null);
  const matches = useMemberPick(q.trim());
  const items = q.trim() ? (matches.data?.items ?? []) : [];

  const focusScan = useCallback(() => setTimeout(() => scanRef.current?.focus(), 0), []);
  const focusMember = useCallback(() => setTimeout(() => memberRef.current?.focus({ cursor: 'all' }), 0), []);

  // Start in the member box; F2 switches the mode from anywhere on the page.
  useEffect(() => {
    memberRef.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'F2') return;
      e.preventDefault();
      setMode((m) => (m === 'out' ? 'in' : 'out'));
      focusScan();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusScan]);

  const pick = (m: Member) => {
    setMember(m);
    setQ('');
    setActive(0);
    setNoMatch(false);
    setMode('out');
    focusScan();
  };

  const pickFromBox = async () => {
    const term = q.trim();
    if (!term) return;
    // The list may still be loading when Enter comes: ask for it (from the cache if there).
    const page = await qc.fetchQuery({ queryKey: memberPickKey(term), queryFn: () => fetchMemberPick(term), staleTime: 10_000 });
    const m = page.items[active] ?? page.items[0];
    if (m) pick(m);
    else setNoMatch(true);
  };

  const update = (id: number, patch: Partial<LogEntry>) => setLog((l) => l.map((e) => (e.id === id ? { ...e, ...patch } : e)));

  const submitScan = async () => {
    const barcode = normalizeBarcode(scan);
    setScan('');
    if (!barcode) return;
    const id = ++seq.current;
    const entry: LogEntry = { id, at: dayjs().format('HH:mm:ss'), mode, barcode, member: mode === 'out' ? (member?.name ?? null) : null, state: 'pending', text: S.pending };
    if (mode === 'out' && !member) {
      setLog((l) => [{ ...entry, state: 'error', text: S.needMember }, ...l]);
      return;
    }
    setLog((l) => [entry, ...l]);
    try {
      if (mode === 'out') {
        const r = await deskCheckout(member!.id, barcode);
        update(id, { state: 'ok', title: r.title, text: S.deskOut(r.dueOn) });
      } else {
        const r = await deskCheckin(barcode);
        update(id, { state: 'ok', title: r.title, member: r.memberName ? S.deskInFrom(r.memberName, r.unitName) : null, text: r.heldFor ? S.deskInHeld : S.deskIn });
      }
    } catch (e) {
      update(id, { state: 'error', text: errorMessage(e) });
    }
    void qc.invalidateQueries({ queryKey: ['library'] });
  };

  const modeColor = mode === 'out' ? '#9e1b1b' : '#1f7a3a';

  return (
    <div>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 16, flexWrap: 'wrap', marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {S.deskTitle}
        </Typography.Title>
        <Typography.Text type="secondary">{S.deskHint}</Typography.Text>
      </div>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={S.step1} style={{ height: '100%' }}>
            {member && (
              <div data-testid="desk-member" style={{ display: 'flex', alignItems: 'center', gap: 12, padding: '10px 12px', marginBottom: 12, borderRadius: 8, background: '#fbf3f1' }}>
                <UserOutlined style={{ fontSize: 24, color: '#9e1b1b' }} />
                <div style={{ flex: 1, minWidth: 0 }}>
                  <div style={{ fontSize: 18, fontWeight: 600 }}>{member.name}</div>
                  <div style={{ fontSize: 13, color: '#6b6560' }}>
                    {member.unitName}
                    {member.position ? ` · ${member.position}` : ''} · {categoryLabel(member.category)}
                  </div>
                </div>
                <Button
                  size="small"
                  onClick={() => {
                    setMember(null);
                    focusMember();
                  }}
                >
                  {S.change}
                </Button>
              </div>
            )}
            <Input
              ref={memberRef}
              size="large"
              prefix={<UserOutlined />}
              placeholder={S.memberSearch}
              aria-label={S.memberSearch}
              value={q}
              allowClear
              autoComplete="off"
              data-testid="desk-member-search"
              onChange={(e) => {
                setQ(e.target.value);
                setActive(0);
                setNoMatch(false);
              }}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  setActive((a) => Math.min(a + 1, Math.max(items.length - 1, 0)));
                } else if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  setActive((a) => Math.max(a - 1, 0));
                } else if (e.key === 'Enter') {
                  e.preventDefault();
                  void pickFromBox();
                } else if (e.key === 'Escape' && member) {
                  setQ('');
                  focusScan();
                }
              }}
            />
            {noMatch && <Alert type="warning" showIcon title={S.memberNone} style={{ marginTop: 8 }} />}
            {items.length > 0 && (
              <div role="listbox" aria-label={S.memberSearch} data-testid="desk-member-options" style={{ marginTop: 8, border: '1px solid #ece8e3', borderRadius: 8, overflow: 'hidden' }}>
                {items.map((m, i) => (
                  <div
                    key={m.id}
                    role="option"
                    aria-selected={i === active}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => pick(m)}
                    style={{ display: 'flex', gap: 8, padding: '8px 12px', cursor: 'pointer', background: i === active ? '#fbf3f1' : '#fff', borderTop: i ? '1px solid #f3efea' : undefined }}
                  >
                    <span style={{ fontWeight: 600, minWidth: 56 }}>{m.name}</span>
                    <span style={{ color: '#6b6560', flex: 1, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                      {m.unitName}
                      {m.position ? ` · ${m.position}` : ''}
                    </span>
                    {i === active && <Tag style={{ marginInlineEnd: 0 }}>Enter</Tag>}
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Card
            size="small"
            title={S.step2}
            style={{ height: '100%', borderColor: modeColor }}
            extra={
              <Segmented<Mode>
                title={S.toggleHint}
                data-testid="desk-mode"
                value={mode}
                onChange={(m) => {
                  setMode(m);
                  focusScan();
                }}
                options={[
                  { value: 'out', label: S.modeOut },
                  { value: 'in', label: S.modeIn },
                ]}
              />
            }
          >
            <div style={{ fontSize: 28, fontWeight: 700, color: modeColor, marginBottom: 8 }} data-testid="desk-mode-label">
              {mode === 'out' ? `${S.modeOut}${member ? ` → ${member.name}` : ''}` : S.modeIn}
            </div>
            <Input
              ref={scanRef}
              size="large"
              prefix={<BarcodeOutlined style={{ color: modeColor }} />}
              placeholder={mode === 'out' ? S.scanOut : S.scanIn}
              aria-label={mode === 'out' ? S.scanOut : S.scanIn}
              value={scan}
              autoComplete="off"
              spellCheck={false}
              data-testid="desk-scan"
              style={{ height: 56, fontSize: 22, fontFamily: 'ui-monospace, Menlo, Consolas, monospace', borderColor: modeColor }}
              onChange={(e) => setScan(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void submitScan();
                } else if (e.key === 'Escape') {
                  e.preventDefault();
                  focusMember();
                }
              }}
              onBlur={(e) => {
                // Keep the scanner's target focused, unless the clerk moved to another text box.
                if (isTextField(e.relatedTarget as Element | null)) return;
                focusScan();
              }}
            />
            {mode === 'out' && !member && <Alert type="info" showIcon title={S.needMember} style={{ marginTop: 8 }} />}
          </Card>
        </Col>
        <Col span={24}>
          <Card size="small" title={S.deskLog} extra={log.length ? <Typography.Text type="secondary">{log.length}</Typography.Text> : null}>
            {log.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={S.deskEmpty} />
            ) : (
              <div data-testid="desk-log">
                {log.map((e, i) => (
                  <div
                    key={e.id}
                    data-testid="desk-log-row"
                    data-state={e.state}
                    style={{
                      display: 'flex',
                      alignItems: 'center',
                      gap: 12,
                      padding: '10px 8px',
                      borderTop: i ? '1px solid #f3efea' : undefined,
                      background: i === 0 ? (e.state === 'error' ? '#fdf0ef' : e.state === 'ok' ? '#f0f8f1' : undefined) : undefined,
                      fontSize: i === 0 ? 16 : 14,
                    }}
                  >
                    <span style={{ color: '#a8a09a', fontVariantNumeric: 'tabular-nums', width: 64 }}>{e.at}</span>
                    <Tag color={e.mode === 'out' ? 'red' : 'green'} style={{ marginInlineEnd: 0 }}>
                      {e.mode === 'out' ? S.modeOut : S.modeIn}
                    </Tag>
                    <span style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', width: 110 }}>{e.barcode}</span>
                    <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontWeight: 500 }}>
                      {e.title ? `《${e.title}》` : ''}
                      {e.member ? <Typography.Text type="secondary" data-testid="desk-log-member"> {e.member}</Typography.Text> : null}
                    </span>
                    <span style={{ color: e.state === 'error' ? '#cf1322' : e.state === 'ok' ? '#1f7a3a' : '#8c847d', fontWeight: e.state === 'pending' ? 400 : 600, textAlign: 'right' }}>
                      {e.state === 'pending' ? <LoadingOutlined /> : e.state === 'ok' ? <CheckCircleFilled /> : <CloseCircleFilled />} {e.text}
                    </span>
                  </div>
                ))}
              </div>
            )}
          </Card>
        </Col>
      </Row>
    </div>
  );
}
