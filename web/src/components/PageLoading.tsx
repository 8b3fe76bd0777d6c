import { Spin } from 'antd';
import { S } from './strings';

export function PageLoading() {
  return (
    <div style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: 240 }}>
      <Spin description={S.loading} size="large">
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}
