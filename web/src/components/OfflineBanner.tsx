import { useEffect, useState } from 'react';
import { Alert } from 'antd';
import { onOfflineChange } from '../api/client';
import { S } from './strings';

/** Shown over every page while the browser is offline or the server cannot be reached. */
export function OfflineBanner() {
  const [offline, setOffline] = useState(() => !navigator.onLine);
  useEffect(() => {
    const down = () => setOffline(true);
    const up = () => setOffline(false);
    window.addEventListener('offline', down);
    window.addEventListener('online', up);
    const off = onOfflineChange(setOffline);
    return () => {
      window.removeEventListener('offline', down);
      window.removeEventListener('online', up);
      off();
    };
  }, []);
  if (!offline) return null;
  return <Alert data-testid="offline-banner" type="warning" banner showIcon title={S.offlineBanner} style={{ position: 'sticky', top: 0, zIndex: 1100 }} />;
}
