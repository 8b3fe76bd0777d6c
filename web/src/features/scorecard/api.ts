import { useMutation, useQuery, useQueryClient, keepPreviousData } from '@tanstack/react-query';
import { api, apiUrl } from '../../api/client';
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
