import { Button, Modal } from 'antd';
import type { Conflict } from '../autosave';
import { safeText } from '../safeHtml';
import { fmtDateTime, S } from '../strings';
import { countHtml } from './WordCount';

function Side({ label, title, html, at, testId, onPick, primary }: { label: string; title: string; html: string; at: string; testId: string; onPick: () => void; primary?: boolean }) {
  const text = safeText(html).trim();
  return (
    <div style={{ flex: '1 1 240px', minWidth: 0, border: '1px solid #ece8e3', borderRadius: 8, padding: 12, display: 'flex', flexDirection: 'column', gap: 6 }}>
      <div style={{ fontWeight: 600 }}>{label}</div>
      <div style={{ fontSize: 13, color: '#6b6560' }} data-testid={`${testId}-info`}>
        {S.versionInfo(fmtDateTime(at), countHtml(html))}
      </div>
      <div style={{ fontSize: 14, fontWeight: 500 }}>{title}</div>
      <div style={{ fontSize: 13, color: '#4a4440', maxHeight: 120, overflow: 'auto', whiteSpace: 'pre-wrap', background: '#faf8f5', padding: 8, borderRadius: 6 }}>
        {text.length > 300 ? `${text.slice(0, 300)}……` : text}
      </div>
      <Button type={primary ? 'primary' : 'default'} size="large" block onClick={onPick} data-testid={testId}>
        {label === S.localCopy ? S.useLocal : S.useServer}
      </Button>
    </div>
  );
}

/** 用本机版本 / 用服务器版本: with the time and 字数 of each. */
export function ConflictDialog({ conflict, onPick }: { conflict: Conflict | null; onPick: (c: 'local' | 'server') => void }) {
  return (
    <Modal open={conflict !== null} title={S.conflictTitle} footer={null} closable={false} maskClosable={false} keyboard={false} width={640} centered>
      {conflict && (
        <>
          <p style={{ marginTop: 0 }}>{conflict.reason === 'open' ? S.conflictOpen : S.conflictStale}</p>
          <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }} data-testid="rf-conflict">
            <Side label={S.localCopy} title={conflict.local.title} html={conflict.local.html} at={conflict.local.at} testId="rf-use-local" onPick={() => onPick('local')} primary />
            <Side label={S.serverCopy} title={conflict.server.title} html={conflict.server.bodyHtml} at={conflict.server.updatedAt} testId="rf-use-server" onPick={() => onPick('server')} />
          </div>
        </>
      )}
    </Modal>
  );
}
