import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiUrl, ApiError, CSRF_COOKIE, readCookie } from '../../api/client';
import type {
  BookCreate,
  BookDetailDto,
  BookFilter,
  BookImportResult,
  BookPage,
  BorrowResult,
  CirculationRule,
  CoverageReport,
  Hold,
  LoansReport,
  PopularityReport,
  StocktakeFinish,
  StocktakeReport,
  StocktakeScan,
  StocktakeSummary,
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

export function useMyHolds() {
  return useQuery({ queryKey: [...LIB, 'my-holds'], queryFn: () => api.get<Hold[]>('/library/my-holds') });
}

// ——— reports ———
export const REPORTS = ['coverage', 'popularity', 'loans'] as const;
export type ReportKind = (typeof REPORTS)[number];
export const reportXlsxUrl = (kind: ReportKind, year: number) => apiUrl(`/library/reports/${kind}`, { year, format: 'xlsx' });

export function useCoverage(year: number) {
  return useQuery({ queryKey: [...LIB, 'report', 'coverage', year], queryFn: () => api.get<CoverageReport>('/library/reports/coverage', { year }), placeholderData: keepPreviousData });
}
export function usePopularity(year: number) {
  return useQuery({ queryKey: [...LIB, 'report', 'popularity', year], queryFn: () => api.get<PopularityReport>('/library/reports/popularity', { year }), placeholderData: keepPreviousData });
}
export function useLoansReport(year: number) {
  return useQuery({ queryKey: [...LIB, 'report', 'loans', year], queryFn: () => api.get<LoansReport>('/library/reports/loans', { year }), placeholderData: keepPreviousData });
}

// ——— stocktake ———
export function useStocktakes() {
  return useQuery({ queryKey: [...LIB, 'stocktakes'], queryFn: () => api.get<StocktakeSummary[]>('/library/stocktakes') });
}
export function useStocktake(id: number | null) {
  return useQuery({ queryKey: [...LIB, 'stocktake', id], queryFn: () => api.get<StocktakeReport>(`/library/stocktakes/${id}`), enabled: id !== null });
}
export function useStartStocktake() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (locationId: number) => api.post<{ id: number }>('/library/stocktakes', { locationId }), onSuccess: refresh });
}
export const stocktakeScan = (id: number, barcode: string) => api.post<StocktakeScan>(`/library/stocktakes/${id}/scans`, { barcode });
export function useFinishStocktake() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: ({ id, markMissingLost }: { id: number; markMissingLost: boolean }) => api.post<StocktakeFinish>(`/library/stocktakes/${id}/finish`, { markMissingLost }), onSuccess: refresh });
}
export const stocktakeXlsxUrl = (id: number) => apiUrl(`/library/stocktakes/${id}/export`);

// ——— circulation rules ———
export function useCirculationRules() {
  return useQuery({ queryKey: [...LIB, 'rules'], queryFn: () => api.get<CirculationRule[]>('/library/circulation-rules') });
}
/** A rule as the clerk sets it: for their own town (the district's for the district clerk). */
export type RuleBody = Omit<CirculationRule, 'id' | 'unitId' | 'unitName' | 'inherited'>;
export function useSaveRule() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (body: RuleBody) => api.put('/library/circulation-rules', body), onSuccess: refresh });
}
export function useDeleteRule() {
  const refresh = useLibraryRefresh();
  return useMutation({ mutationFn: (id: number) => api.del(`/library/circulation-rules/${id}`), onSuccess: refresh });
}

// ——— import ———
export const importTemplateUrl = () => apiUrl('/library/import-template');
export function useImportBooks() {
  const refresh = useLibraryRefresh();
  return useMutation({
    mutationFn: ({ file, locationId }: { file: File; locationId?: number }) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.post<BookImportResult>('/library/import', form, { query: { locationId } });
    },
    onSuccess: refresh,
  });
}

// ——— labels ———
export type LabelSize = 'small' | 'medium' | 'large';
/** POST /library/labels answers with the PDF itself: fetch it and hand it to the browser. */
export async function downloadLabels(body: { barcodes?: string[]; locationId?: number; size: LabelSize }, filename: string) {
  const csrf = readCookie(CSRF_COOKIE);
  const res = await fetch(apiUrl('/library/labels'), {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/pdf', ...(csrf ? { 'x-csrf-token': csrf } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) {
    const err = (await res.json().catch(() => ({}))) as { error?: string; message?: string };
    throw new ApiError(res.status, err.error ?? `HTTP_${res.status}`, err.message ?? `请求失败（${res.status}）`);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The copies of the chosen books (the catalog table's selected rows), for their labels. */
export async function barcodesOfBooks(bookIds: number[]): Promise<string[]> {
  const details = await Promise.all(bookIds.map((id) => api.get<BookDetailDto>(`/library/books/${id}`)));
  return details.flatMap((d) => d.copies.filter((c) => c.status !== 'lost').map((c) => c.barcode));
}
