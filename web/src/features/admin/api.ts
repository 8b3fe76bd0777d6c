import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { AdminUser, MemberPageDto, RoleOption, SettingsDto } from '../../api/types';

const USERS_KEY = ['admin', 'users'] as const;
const SETTINGS_KEY = ['settings'] as const;

export function useUsers(q: string) {
  return useQuery({ queryKey: [...USERS_KEY, q], queryFn: () => api.get<AdminUser[]>('/admin/users', { q }), placeholderData: keepPreviousData });
}

export function useRoles() {
  return useQuery({ queryKey: ['roles'], queryFn: () => api.get<RoleOption[]>('/roles'), staleTime: Infinity });
}

/** Candidates for linking an account to a roster entry. */
export function useMemberSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['members', 'pick', q],
    queryFn: () => api.get<MemberPageDto>('/members', { q, pageSize: 20 }),
    enabled,
    placeholderData: keepPreviousData,
  });
}

function useUserMutation<T>(fn: (v: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: USERS_KEY }) });
}

export const useCreateUser = () =>
  useUserMutation((body: { username: string; displayName: string; memberId: number | null; password: string }) => api.post<{ id: number }>('/admin/users', body));
export const useUpdateUser = () =>
  useUserMutation(({ id, ...body }: { id: number; version: number; disabled?: boolean; displayName?: string }) => api.patch(`/admin/users/${id}`, body));
export const useResetPassword = () => useUserMutation(({ id, password }: { id: number; password: string }) => api.post(`/admin/users/${id}/reset-password`, { password }));
export const useUnlockUser = () => useUserMutation((id: number) => api.post(`/admin/users/${id}/unlock`));
export const useResetTotp = () => useUserMutation((id: number) => api.post(`/admin/users/${id}/reset-totp`));
export const useSetRoles = () =>
  useUserMutation(({ id, roles }: { id: number; roles: { role: string; unitId: number }[] }) => api.put(`/admin/users/${id}/roles`, { roles }));

export function useSettings(year: number) {
  return useQuery({ queryKey: [...SETTINGS_KEY, year], queryFn: () => api.get<SettingsDto>('/settings', { year }), placeholderData: keepPreviousData });
}

export function useSaveSetting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ key, year, value }: { key: string; year: number; value: number | boolean | string | { name: string; points: number }[] }) => api.put(`/settings/${encodeURIComponent(key)}`, { year, value }),
    onSettled: () => qc.invalidateQueries({ queryKey: SETTINGS_KEY }),
  });
}
