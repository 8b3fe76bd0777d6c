import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  BookCreate,
  BookDetailDto,
  BookFilter,
  BookPage,
  BorrowResult,
  CopyCreate,
  CopyPageDto,
  DeskCheckinResult,
  DeskCheckoutResult,
  LibraryCategories,
  LibraryLocation,
  Loan,
  MemberPageDto,
  OverdueLoan,
  RenewResult,
  SettingsDto,
} from '../../api/types';

const LIB = ['library'] as const;
const PAGE_SIZE = 20;

/** A scanned code may be the copy's QR link (…/c/SX000123) or the bare barcode. */
export function normalizeBarcode(raw: string): string {
  const s = raw.trim();
  const m = /\/c\/([^/?#\s]+)/.exec(s);
  return decodeURIComponent(m ? m[1] : s).toUpperCase();
}

export const copyKey = (barcode: string) => [...LIB, 'copy', barcode] as const;

export function useCopy(barcode: string) {
  return useQuery({ queryKey: copyKey(barcode), queryFn: () => api.get<CopyPageDto>(`/library/copies/${encodeURIComponent(barcode)}`), retry: false });
}

export function useMyLoans() {
  return useQuery({ queryKey: [...LIB, 'my-loans'], queryFn: () => api.get<Loan[]>('/library/my-loans') });
}

/** Every library read may have changed after a loan, return, renewal or hold. */
function useLibraryRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: LIB });
}

// The copy page shows the server's refusal itself, next to the button.
export function useBorrow() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (barcode: string) => api.post<BorrowResult>(`/library/copies/${encodeURIComponent(barcode)}/borrow`), onSettled: refresh, meta: { silent: true } });
}

export function useReturn() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (barcode: string) => api.post(`/library/copies/${encodeURIComponent(barcode)}/return`), onSettled: refresh, meta: { silent: true } });
}

export function useRenew(silent = false) {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (loanId: number) => api.post<RenewResult>(`/library/loans/${loanId}/renew`), onSettled: refresh, meta: { silent } });
}

export function usePlaceHold(silent = false) {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (bookId: number) => api.post<{ id: number }>(`/library/books/${bookId}/holds`), onSettled: refresh, meta: { silent } });
}

export function useCancelHold() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (holdId: number) => api.del(`/library/holds/${holdId}`), onSettled: refresh });
}

export function useCategories() {
  return useQuery({ queryKey: [...LIB, 'categories'], queryFn: () => api.get<LibraryCategories>('/library/categories'), staleTime: Infinity });
}

export function useLocations(enabled = true) {
  return useQuery({ queryKey: [...LIB, 'locations'], queryFn: () => api.get<LibraryLocation[]>('/library/locations'), staleTime: 60_000, enabled });
}

/** The phone list: pages appended as the reader asks for more. */
export function useBookSearch(filter: Omit<BookFilter, 'page' | 'pageSize'>) {
  return useInfiniteQuery({
    queryKey: [...LIB, 'books', 'list', filter],
    queryFn: ({ pageParam }) => api.get<BookPage>('/library/books', { ...filter, page: pageParam, pageSize: PAGE_SIZE }),
    initialPageParam: 1,
    getNextPageParam: (last, pages) => (pages.length * PAGE_SIZE < last.total ? pages.length + 1 : undefined),
    placeholderData: keepPreviousData,
  });
}

/** The console table: one page at a time. */
export function useBookPage(filter: BookFilter) {
  return useQuery({ queryKey: [...LIB, 'books', 'page', filter], queryFn: () => api.get<BookPage>('/library/books', { ...filter }), placeholderData: keepPreviousData });
}

export function useBook(id: number) {
  return useQuery({ queryKey: [...LIB, 'book', id], queryFn: () => api.get<BookDetailDto>(`/library/books/${id}`), enabled: Number.isInteger(id) && id > 0 });
}

export function useCreateBook() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (body: BookCreate) => api.post<{ id: number }>('/library/books', body), onSuccess: refresh });
}

export function useAddCopy() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: ({ bookId, body }: { bookId: number; body: CopyCreate }) => api.post<{ id: number }>(`/library/books/${bookId}/copies`, body), onSuccess: refresh });
}

export function useOverdue(enabled = true) {
  return useQuery({ queryKey: [...LIB, 'overdue'], queryFn: () => api.get<OverdueLoan[]>('/library/overdue'), enabled });
}

/** Whether an overdue book stops new loans (library.overdueMayBorrow), for the note on 我的借阅. */
export function useOverdueBlocks() {
  return useQuery({
    queryKey: ['settings', 'current'],
    queryFn: () => api.get<SettingsDto>('/settings'),
    staleTime: 5 * 60_000,
    select: (d) => d.items.find((s) => s.key === 'library.overdueMayBorrow')?.value === false,
  });
}

export const memberPickKey = (q: string) => ['members', 'desk', q] as const;
export const fetchMemberPick = (q: string) => api.get<MemberPageDto>('/members', { q, status: 'active', pageSize: 8 });

export function useMemberPick(q: string) {
  return useQuery({ queryKey: memberPickKey(q), queryFn: () => fetchMemberPick(q), enabled: q.length > 0, placeholderData: keepPreviousData });
}

export const deskCheckout = (memberId: number, barcode: string) => api.post<DeskCheckoutResult>('/library/desk/checkout', { memberId, barcode });
export const deskCheckin = (barcode: string) => api.post<DeskCheckinResult>('/library/desk/checkin', { barcode });
