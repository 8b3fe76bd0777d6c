import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../../api/client';
import type { AuditFilter, AuditPageDto, AuditVerify } from '../../api/types';

export function useAudit(filter: AuditFilter) {
  return useQuery({ queryKey: ['audit', filter], queryFn: () => api.get<AuditPageDto>('/audit', { ...filter }), placeholderData: keepPreviousData });
}

/** A button press, not a cached read: each run checks the chain as it is now. */
export function useVerifyAudit() {
  return useMutation({ mutationFn: () => api.get<AuditVerify>('/audit/verify') });
}

export const auditExportUrl = (filter: AuditFilter) => apiUrl('/audit/export', { ...filter, page: undefined, pageSize: undefined });
