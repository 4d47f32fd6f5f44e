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
  setPage(page: number): void;
  setFilters(filters: Partial<Pick<BatchListState, 'status' | 'from' | 'to' | 'search' | 'limit'>>): void;
}

export const useBatchList = create<BatchListState>()((set) => ({
  page: 1,
  limit: 20,
  status: '',
  from: '',
  to: '',
  search: '',
  setPage: (page) => set({ page }),
  // a new filter starts again at the first page
  setFilters: (filters) => set({ ...filters, page: 1 }),
}));
