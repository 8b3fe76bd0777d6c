import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { api, apiUrl, request } from '../../api/client';
import type { CertificateView, ConfirmBodyInput, Honors, VerifyResult } from '../../../../server/src/modules/scorecard/certificates/schemas';
import type { Breakdown, UnitScores, Weights, WeightsInput } from '../../../../server/src/modules/scorecard/scores/schemas';

export type { Breakdown, UnitScores, Weights };
const KEY = ['scorecard'] as const;

export function useBreakdown(year: number, memberId: number | null | undefined) {
  return useQuery({ queryKey: [...KEY, 'member', year, memberId], queryFn: () => api.get<Breakdown>(`/scorecard/${year}/members/${memberId}`), enabled: memberId != null });
}

export function useUnitScores(year: number, unitId?: number) {
  return useQuery({ queryKey: [...KEY, 'unit', year, unitId], queryFn: () => api.get<UnitScores>(`/scorecard/${year}/scores`, { unitId }), placeholderData: keepPreviousData });
}

export const scoresXlsxUrl = (year: number, unitId?: number) => apiUrl(`/scorecard/${year}/scores.xlsx`, { unitId });

export function useWeights(year: number) {
  return useQuery({ queryKey: [...KEY, 'weights', year], queryFn: () => api.get<Weights>(`/scorecard/${year}/indicators`) });
}

export function useSaveWeights(year: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: WeightsInput) => api.put<Weights>(`/scorecard/${year}/indicators`, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

// ---- the ten and certificates ----
export type { CertificateView, Honors, VerifyResult };

export function useHonors(year: number, unitId?: number) {
  return useQuery({ queryKey: [...KEY, 'honors', year, unitId], queryFn: () => api.get<Honors>(`/scorecard/${year}/honors`, { unitId }) });
}

export function useConfirmHonors(year: number) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: ConfirmBodyInput) => api.put<{ listId: number }>(`/scorecard/${year}/honors`, body), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useIssueCertificates() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ listId, memberIds }: { listId: number; memberIds: number[] }) => api.post<{ certificateIds: number[] }>(`/scorecard/honors/${listId}/certificates`, { memberIds }),
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeCertificate() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: ({ id, reason }: { id: number; reason: string }) => api.post(`/certificates/${id}/revoke`, { reason }), onSuccess: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useUploadSeal(unitId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return request<{ id: number }>('POST', '/scorecard/seal', { body: form, query: { unitId } });
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export const sealUrl = (unitId: number, v: string) => apiUrl('/scorecard/seal', { unitId, v });
export const batchPdfUrl = (listId: number) => apiUrl(`/scorecard/honors/${listId}/certificates.pdf`);
export const certificatePdfUrl = (id: number) => apiUrl(`/certificates/${id}/pdf`);

export function useMyCertificates() {
  return useQuery({ queryKey: [...KEY, 'mine'], queryFn: () => api.get<CertificateView[]>('/certificates/mine') });
}

export function useVerify(number: string, p: string | null, s: string | null) {
  return useQuery({ queryKey: ['verify', number, p, s], queryFn: () => api.get<VerifyResult>(`/verify/${encodeURIComponent(number)}`, { p, s }), retry: false });
}
