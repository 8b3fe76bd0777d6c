// Toasts from outside React components (query caches, event handlers), through
// antd's App context so they follow the theme.
import type { MessageInstance } from 'antd/es/message/interface';
import { errorMessage, isQuietError } from '../api/client';

let messageApi: MessageInstance | null = null;

export function setMessageApi(api: MessageInstance | null) {
  messageApi = api;
}

export function toastError(e: unknown) {
  if (isQuietError(e)) return;
  void messageApi?.error(errorMessage(e));
}

export function toastSuccess(text: string) {
  void messageApi?.success(text);
}
