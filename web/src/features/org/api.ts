import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, request } from '../../api/client';
import type { ImportReportDto, Member, MemberCreate, MemberFilter, MemberPageDto, MemberUpdate, UnitCreate, UnitUpdate } from '../../api/types';
import { UNITS_KEY } from '../../api/units';

const MEMBERS_KEY = ['members'] as const;

export function useMembers(filter: MemberFilter) {
  return useQuery({
    queryKey: [...MEMBERS_KEY, 'page', filter],
    queryFn: () => api.get<MemberPageDto>('/members', { ...filter }),
    placeholderData: keepPreviousData,
  });
}

export const fetchMember = (id: number) => api.get<Member>(`/members/${id}`);

/** Members and unit counts change together; refresh both after any roster write. */
function useRosterInvalidation() {
  const qc = useQueryClient();
  return () => Promise.all([qc.invalidateQueries({ queryKey: MEMBERS_KEY }), qc.invalidateQueries({ queryKey: UNITS_KEY })]);
}

export function useCreateMember() {
  const refresh = useRosterInvalidation();
  return useMutation({ mutationFn: (body: MemberCreate) => api.post<{ id: number }>('/members', body), onSuccess: refresh });
}

export function useUpdateMember() {
  const refresh = useRosterInvalidation();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: MemberUpdate }) => api.patch<Member>(`/members/${id}`, body), onSuccess: refresh });
}

export function useSetMemberStatus() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: ({ member, to }: { member: Member; to: 'leave' | 'rejoin' }) => api.post(`/members/${member.id}/${to}`, { version: member.version }),
    onSettled: refresh,
  });
}

export function useCreateUnit() {
  const refresh = useRosterInvalidation();
  return useMutation({ mutationFn: (body: UnitCreate) => api.post<{ id: number }>('/units', body), onSuccess: refresh });
}

export function useUpdateUnit() {
  const refresh = useRosterInvalidation();
  return useMutation({ mutationFn: ({ id, body }: { id: number; body: UnitUpdate }) => api.patch(`/units/${id}`, body), onSettled: refresh });
}

export function useDeleteUnit() {
  const refresh = useRosterInvalidation();
  return useMutation({ mutationFn: (id: number) => api.del(`/units/${id}`), onSuccess: refresh });
}

export function useImportRoster() {
  const refresh = useRosterInvalidation();
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return request<ImportReportDto>('POST', '/members/import', { body: form });
    },
    onSuccess: (report) => (report.ok ? refresh() : undefined),
  });
}

export const exportUrl = (filter: MemberFilter) => apiUrl('/members/export', { ...filter, page: undefined, pageSize: undefined });
export const templateUrl = () => apiUrl('/members/import-template');
