import { Tooltip } from 'antd';
import { CheckCircleFilled, InfoCircleOutlined } from '@ant-design/icons';
// The very function the server counts with on submit: one rule, one result.
import { htmlText, wordCount } from '../../../../../server/src/modules/reflections/wordcount';
import { S } from '../strings';

export const countHtml = (html: string) => wordCount(htmlText(html));

/** 字数 against the minimum: red until reached, green after, red again past the maximum. */
export function WordCount({ count, min, max }: { count: number; min: number; max?: number }) {
  const over = max !== undefined && count > max;
  const ok = count >= min && !over;
  const color = ok ? '#1f7a3a' : '#cf1322';
  const pct = min > 0 ? Math.min(100, Math.round((count / min) * 100)) : 100;
  return (
    <div data-testid="rf-count-box" data-ok={ok ? 'true' : 'false'} style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
      <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0 }}>
        <div style={{ fontSize: 14, color, fontWeight: 600, whiteSpace: 'nowrap' }}>
          {ok && <CheckCircleFilled style={{ marginInlineEnd: 4 }} />}
          {S.wordCount} <span data-testid="rf-count">{count}</span>
          <span style={{ color: '#8c847d', fontWeight: 400 }}> / {min}</span>
          <Tooltip title={S.wordCountHint}>
            <InfoCircleOutlined style={{ marginInlineStart: 6, color: '#a8a09a', fontWeight: 400 }} />
          </Tooltip>
        </div>
        <div style={{ fontSize: 12, color, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }} data-testid="rf-count-note">
          {over ? S.tooLong(max) : ok ? S.enough(min) : S.tooShort(count, min)}
        </div>
      </div>
      <div aria-hidden style={{ width: 48, height: 6, borderRadius: 3, background: '#eee7e0', overflow: 'hidden', flex: 'none' }}>
        <div style={{ width: `${pct}%`, height: '100%', background: color }} />
      </div>
    </div>
  );
}
