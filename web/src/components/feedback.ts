// Toasts from outside React components (query caches, event handlers): through antd's App context
// when a page under AntdShell is shown, so they follow the theme; otherwise (the member home, the
// sign-in page: no antd loaded) as a plain toast drawn here, styled in app/global.css.
import type { MessageInstance } from 'antd/es/message/interface';
import { errorMessage, isQuietError } from '../api/client';

let messageApi: MessageInstance | null = null;

export function setMessageApi(api: MessageInstance | null) {
  messageApi = api;
}

// How long a plain toast stays, as antd's message does (3 s).
const PLAIN_TOAST_MS = 3000;

function plainToast(kind: 'error' | 'success', text: string) {
  let box = document.getElementById('sx-toasts');
  if (!box) {
    box = document.createElement('div');
    box.id = 'sx-toasts';
    box.className = 'sx-toasts';
    document.body.appendChild(box);
  }
  const toast = document.createElement('div');
  toast.className = `sx-toast sx-toast-${kind}`;
  toast.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  toast.dataset.testid = 'plain-toast';
  const mark = document.createElement('span');
  mark.className = 'sx-toast-mark';
  mark.setAttribute('aria-hidden', 'true');
  mark.textContent = kind === 'error' ? '!' : '✓';
  toast.append(mark, text);
  box.appendChild(toast);
  setTimeout(() => toast.remove(), PLAIN_TOAST_MS);
}

export function toastError(e: unknown) {
  if (isQuietError(e)) return;
  if (messageApi) void messageApi.error(errorMessage(e));
  else plainToast('error', errorMessage(e));
}

export function toastSuccess(text: string) {
  if (messageApi) void messageApi.success(text);
  else plainToast('success', text);
}
