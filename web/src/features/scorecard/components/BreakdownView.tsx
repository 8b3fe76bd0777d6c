import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Card, Collapse, Progress, Tag } from 'antd';
import type { Breakdown } from '../api';
import { S } from '../strings';

type Indicator = Breakdown['indicators'][number];

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0$/, ''));

function Records({ ind, asConsole }: { ind: Indicator; asConsole: boolean }) {
  if (ind.records.length === 0) return <div style={{ color: '#a8a09a', fontSize: 13 }}>{S.noRecords}</div>;
  return (
    <ol style={{ margin: 0, paddingLeft: 18, display: 'flex', flexDirection: 'column', gap: 6 }} data-testid={`records-${ind.key}`}>
      {ind.records.map((r, i) => {
        const link = asConsole ? (r.consoleLink ?? null) : r.link;
        return (
          <li key={i} style={{ fontSize: 13, lineHeight: 1.5 }}>
            {r.day && <span style={{ color: '#8c847d', marginRight: 6 }}>{r.day}</span>}
            {link ? <Link to={link}>{r.label}</Link> : <span>{r.label}</span>}
            <div style={{ color: '#6b6560' }}>{r.detail}</div>
          </li>
        );
      })}
    </ol>
  );
}

function IndicatorCard({ ind, asConsole }: { ind: Indicator; asConsole: boolean }) {
  const [open, setOpen] = useState<string[]>([]);
  const deduction = ind.kind === 'deduction';
  const full = deduction ? ind.cap : ind.effectiveWeight;
  return (
    <div style={{ padding: '12px 14px', background: '#fff', borderBottom: '1px solid #f0ece7' }} data-testid={`indicator-${ind.key}`}>
      <div style={{ display: 'flex', alignItems: 'baseline', gap: 8 }}>
        <div style={{ flex: 1, minWidth: 0, fontSize: 15, fontWeight: 600 }}>
          {ind.name} {deduction && <Tag color="orange">{S.deduction}</Tag>}
        </div>
        <div style={{ fontSize: 18, fontWeight: 700, color: deduction && ind.points < 0 ? '#cf1322' : '#9e1b1b' }} data-testid={`points-${ind.key}`}>
          {fmt(ind.points)}
          {!deduction && <span style={{ fontSize: 12, color: '#a8a09a', fontWeight: 400 }}> / {fmt(full)}</span>}
        </div>
      </div>
      <div style={{ fontSize: 12, color: '#8c847d', marginTop: 2 }}>
        {!deduction && (
          <>
            {S.weight} {ind.weight}（{S.effectiveWeight(ind.effectiveWeight)}）·{' '}
          </>
        )}
        {ind.value == null ? S.notApplicable : `${S.value} ${fmt(ind.value)} ${ind.valueUnit}${ind.achievedPercent != null ? `（${fmt(ind.achievedPercent)}%）` : ''}`}
      </div>
      {!deduction && ind.achievedPercent != null && <Progress percent={Math.min(100, ind.achievedPercent)} showInfo={false} size="small" strokeColor="#9e1b1b" />}
      <div style={{ fontSize: 12, color: '#6b6560', marginTop: 4, lineHeight: 1.5 }}>
        {S.formula}：{ind.formula}
      </div>
      <Collapse
        ghost
        size="small"
        activeKey={open}
        onChange={(k) => setOpen(k as string[])}
        items={[{ key: 'r', label: <span style={{ fontSize: 13 }}>{S.showRecords(ind.records.length)}</span>, children: <Records ind={ind} asConsole={asConsole} /> }]}
        style={{ marginTop: 2 }}
      />
    </div>
  );
}

/** One member's year score: the total, ranks, and each indicator with its formula and records. */
export function BreakdownView({ data, asConsole = false }: { data: Breakdown; asConsole?: boolean }) {
  const counted = data.indicators.filter((i) => i.included);
  const dropped = data.indicators.filter((i) => !i.included);
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12 }}>
      <Card size="small" data-testid="score-summary">
        <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
          <div style={{ textAlign: 'center' }}>
            <div style={{ fontSize: 36, fontWeight: 700, color: '#9e1b1b', lineHeight: 1.1 }} data-testid="score-total">
              {fmt(data.total)}
            </div>
            <div style={{ fontSize: 12, color: '#8c847d' }}>{S.total}</div>
          </div>
          <div style={{ flex: 1, fontSize: 13, lineHeight: 1.8 }}>
            <div style={{ fontWeight: 600 }}>
              {data.member.name} · {data.member.unitName}
            </div>
            <div>{S.unitRank(data.unitRank, data.unitSize)}</div>
            <div>{S.townRank(data.townRank, data.townSize)}</div>
            <div style={{ color: '#a8a09a', fontSize: 12 }}>
              {S.year(data.year)} · {S.asOf(data.asOf)}
            </div>
          </div>
        </div>
      </Card>
      {dropped.length > 0 && (
        <Alert
          type="info"
          showIcon
          data-testid="dropped-notice"
          message={S.renormalised(data.countedWeight)}
          description={
            <ul style={{ margin: 0, paddingLeft: 18, fontSize: 12 }}>
              {dropped.map((d) => (
                <li key={d.key}>
                  {d.name}：{d.dropped}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <div style={{ borderRadius: 8, overflow: 'hidden' }}>
        {counted.map((ind) => (
          <IndicatorCard key={ind.key} ind={ind} asConsole={asConsole} />
        ))}
      </div>
      <div style={{ fontSize: 12, color: '#8c847d', padding: '0 4px', lineHeight: 1.6 }}>
        {S.tieRule}：{data.tieRule}
      </div>
    </div>
  );
}
