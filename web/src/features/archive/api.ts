import { useMutation, useQuery } from '@tanstack/react-query';
import { api, apiUrl } from '../../api/client';
import type { ArchiveBuild } from '../../../../server/src/modules/archive/schemas';

export type { ArchiveBuild };

export function useStartBuild(year: number) {
  return useMutation({ mutationFn: (unitId?: number) => api.post<ArchiveBuild>(`/archive/${year}/builds`, { unitId }) });
}

/** Polls a build while it runs. */
export function useBuild(id: string | null) {
  return useQuery({
    queryKey: ['archive', 'build', id],
    queryFn: () => api.get<ArchiveBuild>(`/archive/builds/${id}`),
    enabled: id != null,
    refetchInterval: (q) => (q.state.data?.status === 'building' || !q.state.data ? 500 : false),
  });
}

export const downloadUrl = (id: string) => apiUrl(`/archive/builds/${id}/download`);
export const memberRecordUrl = (year: number, memberId: number) => apiUrl(`/archive/${year}/members/${memberId}/record.docx`);
