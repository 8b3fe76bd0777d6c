import { Checkbox, Input, Radio, Tag } from 'antd';
import sanitize from './sanitize';
import type { AnswerResponse, Item } from '../api';
import { S } from '../strings';

/** One question on the phone: its stem, and the control for its type. */
export function QuestionView({ item, value, disabled, onChange, onTextChange }: { item: Item; value: AnswerResponse | null; disabled: boolean; onChange: (r: AnswerResponse) => void; onTextChange?: (r: AnswerResponse) => void }) {
  const choices = value?.choices ?? [];
  return (
    <div data-testid="question" data-item={item.id} style={{ background: '#fff', borderRadius: 10, padding: '14px 14px 10px', marginBottom: 12 }}>
      <div style={{ fontSize: 15, lineHeight: 1.7, marginBottom: 10 }}>
        <span style={{ fontWeight: 600, marginRight: 6 }}>{item.position}.</span>
        <Tag color="red" style={{ marginRight: 6 }}>
          {S.qType[item.type]}
        </Tag>
        <span style={{ color: '#a8a09a', fontSize: 12, marginRight: 6 }}>{S.points(item.points)}</span>
        {item.stemFormat === 'html' ? <span dangerouslySetInnerHTML={{ __html: sanitize(item.stem) }} /> : <span style={{ whiteSpace: 'pre-wrap' }}>{item.stem}</span>}
      </div>
      {(item.type === 'single' || item.type === 'truefalse') && (
        <Radio.Group value={choices[0]} disabled={disabled} onChange={(e) => onChange({ choices: [e.target.value as string] })} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          {item.options.map((o) => (
            <Radio key={o.key} value={o.key} style={{ fontSize: 15, padding: '6px 0' }}>
              {item.type === 'truefalse' ? o.text : `${o.key}. ${o.text}`}
            </Radio>
          ))}
        </Radio.Group>
      )}
      {item.type === 'multiple' && (
        <Checkbox.Group value={choices} disabled={disabled} onChange={(v) => onChange({ choices: (v as string[]).slice().sort() })} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
          {item.options.map((o) => (
            <Checkbox key={o.key} value={o.key} style={{ fontSize: 15, padding: '6px 0' }}>
              {o.key}. {o.text}
            </Checkbox>
          ))}
        </Checkbox.Group>
      )}
      {item.type === 'fill' && (
        <Input
          size="large"
          placeholder={S.fillPlaceholder}
          value={value?.text ?? ''}
          disabled={disabled}
          maxLength={200}
          onChange={(e) => (onTextChange ?? onChange)({ text: e.target.value })}
          onBlur={(e) => onChange({ text: e.target.value })}
        />
      )}
      {item.type === 'short' && (
        <Input.TextArea
          rows={5}
          placeholder={S.shortPlaceholder}
          value={value?.text ?? ''}
          disabled={disabled}
          maxLength={5000}
          onChange={(e) => (onTextChange ?? onChange)({ text: e.target.value })}
          onBlur={(e) => onChange({ text: e.target.value })}
        />
      )}
    </div>
  );
}
