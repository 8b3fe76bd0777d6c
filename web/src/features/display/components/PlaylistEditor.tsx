import { Button, InputNumber, Select, Space } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '@ant-design/icons';
import { SLIDE_KINDS, SLIDE_LABELS } from '../../../../../server/src/modules/display/screens/schemas';
import type { Playlist } from '../api';
import { S } from '../strings';

/** The slides of a screen in order, each with its own seconds (empty: the setting's default). */
export function PlaylistEditor({ value, onChange }: { value: Playlist; onChange: (v: Playlist) => void }) {
  const move = (i: number, d: number) => {
    const next = [...value];
    const [it] = next.splice(i, 1);
    next.splice(i + d, 0, it!);
    onChange(next);
  };
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="playlist-editor">
      {value.map((p, i) => (
        <Space key={`${p.kind}-${i}`} size={4} wrap>
          <span style={{ width: 20, display: 'inline-block', color: '#8c847d' }}>{i + 1}</span>
          <Select
            aria-label={`${S.playlist}${i + 1}`}
            value={p.kind}
            style={{ width: 150 }}
            options={SLIDE_KINDS.map((k) => ({ value: k, label: SLIDE_LABELS[k] }))}
            onChange={(kind) => onChange(value.map((x, j) => (j === i ? { ...x, kind } : x)))}
          />
          <InputNumber
            aria-label={`${S.seconds}${i + 1}`}
            min={5}
            max={600}
            placeholder={S.defaultSeconds}
            value={p.seconds ?? null}
            suffix={S.seconds}
            style={{ width: 110 }}
            onChange={(s) => onChange(value.map((x, j) => (j === i ? { kind: x.kind, ...(s ? { seconds: s } : {}) } : x)))}
          />
          <Button size="small" icon={<ArrowUpOutlined />} aria-label={S.up} disabled={i === 0} onClick={() => move(i, -1)} />
          <Button size="small" icon={<ArrowDownOutlined />} aria-label={S.down} disabled={i === value.length - 1} onClick={() => move(i, 1)} />
          <Button size="small" danger icon={<DeleteOutlined />} aria-label={S.remove} disabled={value.length <= 1} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" onClick={() => onChange([...value, { kind: SLIDE_KINDS.find((k) => !value.some((p) => p.kind === k)) ?? 'month' }])} disabled={value.length >= 30}>
        {S.addSlide}
      </Button>
    </Space>
  );
}
