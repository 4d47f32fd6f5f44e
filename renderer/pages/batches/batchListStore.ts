import { create } from 'zustand';
import type { BatchStatus } from '../../../src/contract';

/** The batches list's filters and page (UI state; the batches come from Dexie). */
export interface BatchListState {
  page: number;
  limit: number;
  status: BatchStatus | '';
  /** YYYY-MM-DD, local calendar day, or '' */
  from: string;
  to: string;
  search: string;
  /** only batches that still hold failed items */
  withFailedItems: boolean;
  setPage(page: number): void;
  setFilters(
    filters: Partial<Pick<BatchListState, 'status' | 'from' | 'to' | 'search' | 'limit' | 'withFailedItems'>>,
  ): void;
}

export const useBatchList = create<BatchListState>()((set) => ({
  page: 1,
  limit: 20,
  status: '',
  from: '',
  to: '',
  search: '',
  withFailedItems: false,
  setPage: (page) => set({ page }),
  // a new filter starts again at the first page
  setFilters: (filters) => set({ ...filters, page: 1 }),
}));
