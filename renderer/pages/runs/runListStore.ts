import { create } from 'zustand';
import type { RunStatus } from '../../../src/contract/expiryOrchestration';

/** The runs list's filter and page (UI state; the runs come from Dexie). */
export interface RunListState {
  page: number;
  limit: number;
  status: RunStatus | '';
  setPage(page: number): void;
  setFilters(filters: Partial<Pick<RunListState, 'status' | 'limit'>>): void;
}

export const useRunList = create<RunListState>()((set) => ({
  page: 1,
  limit: 20,
  status: '',
  setPage: (page) => set({ page }),
  setFilters: (filters) => set({ ...filters, page: 1 }),
}));
