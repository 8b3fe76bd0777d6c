import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
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

export const exchangeUrl = (year: number, unitId?: number) => apiUrl(`/archive/${year}/exchange.docx`, { unitId });
export const evidenceUrl = (year: number, creation: string, unitId?: number) => apiUrl(`/archive/${year}/creations/evidence.xlsx`, { unitId, creation });

export interface CreationRow {
  entity: string;
  entityLabel: string;
  id: number;
  title: string;
  day: string;
  unitName: string;
  creations: string[];
}

export function useCreations(year: number, unitId?: number) {
  return useQuery({ queryKey: ['archive', 'creations', year, unitId], queryFn: () => api.get<{ creations: string[]; rows: CreationRow[] }>(`/archive/${year}/creations`, { unitId }) });
}

export function useTag() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ entity, id, creations }: { entity: string; id: number; creations: string[] }) => api.put(`/archive/creations/${entity}/${id}`, { creations }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['archive', 'creations'] }),
  });
}
