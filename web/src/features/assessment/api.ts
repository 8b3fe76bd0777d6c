import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import { api, apiUrl, request } from '../../api/client';
import type { FindingDto, InspectionDto, InspectionSummaryDto, PublicDrawDto, UnitSheetDto, FindingBody, InspectionCreateBody } from '../../../../server/src/modules/assessment/inspections/schemas';
import type { RectificationDto } from '../../../../server/src/modules/assessment/rectifications/schemas';
import type { ChecklistDto, ChecklistItemDto, ResultsDto, ScoreBody, ScoringDto, TeamBody, TeamDto } from '../../../../server/src/modules/assessment/acceptance/schemas';

export type InspectionSummary = Static<typeof InspectionSummaryDto>;
export type Inspection = Static<typeof InspectionDto>;
export type Finding = Static<typeof FindingDto>;
export type UnitSheet = Static<typeof UnitSheetDto>;
export type PublicDraw = Static<typeof PublicDrawDto>;
export type FindingInput = Static<typeof FindingBody>;
export type InspectionCreate = Static<typeof InspectionCreateBody>;
export type Rectification = Static<typeof RectificationDto>;
export type Checklist = Static<typeof ChecklistDto>;
export type ChecklistItem = Static<typeof ChecklistItemDto>;
export type Results = Static<typeof ResultsDto>;
export type Scoring = Static<typeof ScoringDto>;
export type Team = Static<typeof TeamDto>;
export type TeamInput = Static<typeof TeamBody>;
export type ScoreInput = Static<typeof ScoreBody>;

const KEY = ['assessment'] as const;

export const useInspections = (year?: number) => useQuery({ queryKey: [...KEY, 'inspections', year], queryFn: () => api.get<InspectionSummary[]>('/assessment/inspections', { year }) });
export const useInspection = (id: number) => useQuery({ queryKey: [...KEY, 'inspection', id], queryFn: () => api.get<Inspection>(`/assessment/inspections/${id}`) });
export const useFindings = (id: number) => useQuery({ queryKey: [...KEY, 'findings', id], queryFn: () => api.get<Finding[]>(`/assessment/inspections/${id}/findings`) });
export const useUnitSheet = (id: number, unitId: number) => useQuery({ queryKey: [...KEY, 'sheet', id, unitId], queryFn: () => api.get<UnitSheet>(`/assessment/inspections/${id}/units/${unitId}`) });
export const useTeamCandidates = (scopeUnitId: number | undefined) =>
  useQuery({ queryKey: [...KEY, 'team-candidates', scopeUnitId], queryFn: () => api.get<{ id: number; name: string }[]>('/assessment/inspections/team-candidates', { scopeUnitId }), enabled: Boolean(scopeUnitId) });

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useCreateInspection() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (b: InspectionCreate) => api.post<{ id: number }>('/assessment/inspections', b), onSuccess: done });
}
export function useDraw(id: number) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (b: { seed?: string; version: number }) => api.post<Inspection>(`/assessment/inspections/${id}/draw`, b), onSuccess: done });
}
export function useCloseInspection(id: number) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (version: number) => api.post<Inspection>(`/assessment/inspections/${id}/close`, { version }), onSuccess: done });
}
export const redraw = (id: number, seed: string, algorithm: string) => api.post<{ matches: boolean; draw: PublicDraw }>(`/assessment/public/draws/${id}/redraw`, { seed, algorithm });
export const reportUrl = (id: number) => apiUrl(`/assessment/inspections/${id}/report.docx`);
export const photoUrl = (id: number) => apiUrl(`/assessment/photos/${id}`);

export function uploadPhoto(blob: Blob, name: string, purpose: 'finding' | 'evidence' | 'acceptance') {
  const form = new FormData();
  form.append('file', blob, name);
  return request<{ id: number; mime: string; size: number }>('POST', '/assessment/photos', { query: { purpose }, body: form });
}
export const postFinding = (inspectionId: number, f: FindingInput) => api.post<{ finding: Finding; created: boolean }>(`/assessment/inspections/${inspectionId}/findings`, f);

export const useRectifications = (q: { unitId?: number; inspectionId?: number; status?: string }) =>
  useQuery({ queryKey: [...KEY, 'rectifications', q], queryFn: () => api.get<Rectification[]>('/assessment/rectifications', q) });
export const useRectification = (id: number) => useQuery({ queryKey: [...KEY, 'rectification', id], queryFn: () => api.get<Rectification>(`/assessment/rectifications/${id}`) });
export function useAssign() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (b: { findingId: number; ownerMemberId: number; deadline?: string; requirement: string }) => api.post<Rectification>('/assessment/rectifications', b), onSuccess: done });
}
export function useRectificationAction(id: number) {
  const done = useInvalidate();
  return {
    evidence: useMutation({ mutationFn: (b: { fileId: number; note?: string }) => api.post<Rectification>(`/assessment/rectifications/${id}/evidence`, b), onSuccess: done }),
    submit: useMutation({ mutationFn: (b: { response: string; version: number }) => api.post<Rectification>(`/assessment/rectifications/${id}/submit`, b), onSuccess: done }),
    review: useMutation({ mutationFn: (b: { accept: boolean; note?: string; version: number }) => api.post<Rectification>(`/assessment/rectifications/${id}/review`, b), onSuccess: done }),
  };
}

export const useChecklist = (year: number) => useQuery({ queryKey: [...KEY, 'checklist', year], queryFn: () => api.get<Checklist>(`/assessment/acceptance/${year}/checklist`) });
export function useSaveChecklist(year: number) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (items: ChecklistItem[]) => api.put<Checklist>(`/assessment/acceptance/${year}/checklist`, { items }), onSuccess: done });
}
export const useTeams = (year: number) => useQuery({ queryKey: [...KEY, 'teams', year], queryFn: () => api.get<Team[]>(`/assessment/acceptance/${year}/teams`) });
export function useCreateTeam(year: number) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (b: TeamInput) => api.post<Team>(`/assessment/acceptance/${year}/teams`, b), onSuccess: done });
}
export const useResults = (year: number) => useQuery({ queryKey: [...KEY, 'results', year], queryFn: () => api.get<Results>(`/assessment/acceptance/${year}/results`) });
export const useScoring = (year: number, unitId: number) => useQuery({ queryKey: [...KEY, 'scoring', year, unitId], queryFn: () => api.get<Scoring>(`/assessment/acceptance/${year}/units/${unitId}`) });
export function useScoringActions(year: number, unitId: number) {
  const done = useInvalidate();
  const base = `/assessment/acceptance/${year}/units/${unitId}`;
  return {
    submit: useMutation({ mutationFn: (b: ScoreInput) => api.post<Scoring>(`${base}/scores`, b), onSuccess: done }),
    withdraw: useMutation({ mutationFn: () => api.del<Scoring>(`${base}/scores/mine`), onSuccess: done }),
    signOff: useMutation({ mutationFn: () => api.post<Scoring>(`${base}/signoff`), onSuccess: done }),
    unlock: useMutation({ mutationFn: (reason: string) => api.post<Scoring>(`${base}/unlock`, { reason }), onSuccess: done }),
  };
}
export const acceptanceExportUrl = (year: number, kind: 'docx' | 'xlsx') => apiUrl(`/assessment/acceptance/${year}/${kind === 'docx' ? 'report.docx' : 'scores.xlsx'}`);

export interface MemberOption {
  id: number;
  name: string;
  position: string;
}
export const useUnitMembers = (unitId: number | undefined) =>
  useQuery({
    queryKey: [...KEY, 'members', unitId],
    queryFn: async () => (await api.get<{ items: MemberOption[] }>('/members', { unitId, pageSize: 200, status: 'active' })).items,
    enabled: Boolean(unitId),
  });
