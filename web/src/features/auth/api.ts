import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import { fetchMe, ME_KEY } from '../../api/session';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrDataUrl: string;
}

/** Signs in, then loads the fresh `me` so the caller can route by roles and restriction. */
export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: async (input: LoginInput) => {
      await api.post('/auth/login', input, { noRedirect: true });
      qc.removeQueries();
      return qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe });
    },
  });
}

export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: async (input: { oldPassword: string; newPassword: string; totp?: string }) => {
      await api.post('/auth/password', input);
      return qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 0 });
    },
  });
}

export function useTotpSetup() {
  // Re-authentication: the password (and the current code when a second factor is on).
  return useMutation({ meta: { silent: true }, mutationFn: (input: { password: string; code?: string }) => api.post<TotpSetup>('/auth/totp/setup', input) });
}

export function useTotpEnable() {
  const qc = useQueryClient();
  return useMutation({
    meta: { silent: true },
    mutationFn: async (code: string) => {
      await api.post('/auth/totp/enable', { code });
      return qc.fetchQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 0 });
    },
  });
}
