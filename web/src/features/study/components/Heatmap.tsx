import dayjs from 'dayjs';
import type { HeatDay } from '../api';
import { S } from '../strings';

const COLORS = ['#efeae5', '#f4c7bd', '#d9665a', '#9e1b1b'];
const level = (d: HeatDay, target: number) => (d.minutes <= 0 ? 0 : d.minutes < target ? 1 : d.minutes < target * 1.5 ? 2 : 3);

/** Weeks as columns (Monday on top), like a contribution calendar; fits a phone's width. */
export function Heatmap({ days, target }: { days: HeatDay[]; target: number }) {
  if (days.length === 0) return null;
  const first = dayjs(days[0].day);
  const pad = (first.day() + 6) % 7;
  const cells: (HeatDay | null)[] = [...Array.from({ length: pad }, () => null), ...days];
  const weeks: (HeatDay | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return (
    <div>
      <div style={{ display: 'flex', gap: 3, overflowX: 'auto', paddingBottom: 4 }} data-testid="heatmap">
        {weeks.map((w, i) => (
          <div key={i} style={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
            {w.map((d, j) =>
              d ? (
                <div
                  key={d.day}
                  title={S.heatTip(d.day, d.minutes, d.required)}
                  data-day={d.day}
                  data-minutes={d.minutes}
                  style={{ width: 13, height: 13, borderRadius: 3, background: COLORS[level(d, target)], outline: d.required ? undefined : '1px dashed #d8d0c8', outlineOffset: -1 }}
                />
              ) : (
                <div key={`p${j}`} style={{ width: 13, height: 13 }} />
              ),
            )}
          </div>
        ))}
      </div>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 11, color: '#8c847d', marginTop: 6, flexWrap: 'wrap' }}>
        {S.heatLegend.map((l, i) => (
          <span key={l} style={{ display: 'inline-flex', alignItems: 'center', gap: 3 }}>
            <span style={{ width: 10, height: 10, borderRadius: 2, background: COLORS[i], display: 'inline-block' }} />
            {l}
          </span>
        ))}
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 3 }}>
          <span style={{ width: 10, height: 10, borderRadius: 2, outline: '1px dashed #d8d0c8', display: 'inline-block' }} />
          休息日
        </span>
      </div>
    </div>
  );
}
