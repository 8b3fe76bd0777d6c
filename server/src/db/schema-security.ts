// Tables of the security work (issue 12 and issue 11 item 8).
export interface LoginRateTable {
  bucket: string;
  /** Minutes since the epoch of the window this row counts. */
  window_start: number;
  hits: number;
}

export interface SecurityTables {
  login_rate: LoginRateTable;
}
