import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Category, MemberPageDto, SettingsDto } from '../../api/types';

const CATEGORIES: Category[] = ['leader', 'party', 'staff'];

/** Active members per category: each a count-only page (total) of the roster. */
export function useCategoryCounts(enabled: boolean) {
  return useQueries({
    queries: CATEGORIES.map((category) => ({
      queryKey: ['members', 'count', { category }],
      queryFn: () => api.get<MemberPageDto>('/members', { category, pageSize: 1 }),
      enabled,
    })),
    combine: (results) => ({
      isPending: results.some((r) => r.isPending),
      counts: CATEGORIES.map((category, i) => ({ category, total: results[i].data?.total })),
    }),
  });
}

export function useLeadingGroup(enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'leadingGroup'],
    queryFn: () => api.get<MemberPageDto>('/members', { leadingGroup: true, pageSize: 100 }),
    enabled,
  });
}

export interface MyRectifications {
  open: number;
  overdue: number;
  submitted: number;
}

/** The cadre's own rectification tasks not yet closed (GET /api/assessment/rectifications/mine), for the home and 我的. */
export function useMyRectifications(enabled: boolean) {
  return useQuery({ queryKey: ['assessment', 'rectifications', 'mine'], queryFn: () => api.get<MyRectifications>('/assessment/rectifications/mine'), enabled });
}

/** This year's plan numbers, for the member's own goals. */
export function usePlanSettings() {
  return useQuery({ queryKey: ['settings', 'current'], queryFn: () => api.get<SettingsDto>('/settings'), staleTime: 5 * 60_000 });
}
