import { CheckOutlined, CloudOutlined, DisconnectOutlined, ExclamationCircleOutlined, LoadingOutlined, LockOutlined } from '@ant-design/icons';
import type { SaveState } from '../autosave';
import { fmtTime, S } from '../strings';

/** 已保存 / 保存中 / 离线，已存本机 — always in view while writing. */
export function SaveIndicator({ state }: { state: SaveState }) {
  let icon = <CheckOutlined />;
  let text: string;
  let color = '#1f7a3a';
  switch (state.kind) {
    case 'saved':
      text = S.saved(fmtTime(state.at).split(' ')[1] ?? '');
      break;
    case 'pending':
    case 'saving':
      icon = <LoadingOutlined />;
      text = S.saving;
      color = '#8c847d';
      break;
    case 'offline':
      icon = <DisconnectOutlined />;
      text = S.offline;
      color = '#d46b08';
      break;
    case 'local':
      icon = <CloudOutlined />;
      text = state.reason === 'needTitle' ? S.needTitle : S.localOnly;
      color = '#8c847d';
      break;
    case 'locked':
      icon = <LockOutlined />;
      text = S.locked;
      color = '#cf1322';
      break;
    default:
      icon = <ExclamationCircleOutlined />;
      text = S.saveFailed(state.message);
      color = '#cf1322';
  }
  return (
    <span data-testid="rf-save-state" data-state={state.kind} role="status" aria-live="polite" style={{ fontSize: 12, color, display: 'inline-flex', alignItems: 'center', gap: 4, minWidth: 0 }}>
      {icon}
      <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{text}</span>
    </span>
  );
}
