import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api, ApiError, apiUrl, CSRF_COOKIE, readCookie } from '../../api/client';
import type { BulkInput, BulkResultView, PendingDto, SlipsInput } from '../../../../server/src/modules/accounts/schemas';

export type Pending = Static<typeof PendingDto>;
export type BulkResult = BulkResultView;

export function usePending(unitId?: number) {
  return useQuery({ queryKey: ['accounts', 'pending', unitId ?? 0], queryFn: () => api.get<Pending>('/accounts/pending', { unitId }) });
}

export function useBulkCreate() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkInput) => api.post<BulkResult>('/accounts/bulk', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['accounts'] }),
  });
}

/** The slips come back as a file: fetch it and hand it to the browser. */
export async function downloadSlips(body: SlipsInput, filename: string) {
  const csrf = readCookie(CSRF_COOKIE);
  const res = await fetch(apiUrl('/accounts/slips'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(res.status, err.error ?? `HTTP_${res.status}`, err.message ?? `请求失败（${res.status}）`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
