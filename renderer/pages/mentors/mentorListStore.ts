import { create } from 'zustand';
import type { MentorState } from '../../../src/expiry/roster';

/** The mentors list's filters and page (UI state; the mentors come from Dexie). */
export interface MentorListState {
  page: number;
  limit: number;
  state: MentorState | '';
  search: string;
  setPage(page: number): void;
  setFilters(filters: Partial<Pick<MentorListState, 'state' | 'search' | 'limit'>>): void;
}

export const useMentorList = create<MentorListState>()((set) => ({
  page: 1,
  limit: 20,
  state: '',
  search: '',
  setPage: (page) => set({ page }),
  // a new filter starts again at the first page
  setFilters: (filters) => set({ ...filters, page: 1 }),
}));
