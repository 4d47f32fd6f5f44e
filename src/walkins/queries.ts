import type { ResponseError } from '../contract';
import type { AppDatabase, SectionRecord } from '../db';
import type { WalkinFormValues, WalkinLocalRecord } from '../db';
import { toHundredths } from '../domain/hundredths';
import { walkinHours, type Hours } from '../domain/walkinTransaction';
import { openEntriesOf } from '../sync/outboxState';
import { walkinRecordKey } from './commands';

/** The walk-ins page's reads. */

/** Drafts first (to resume), then the rest, each newest change first. */
export async function listWalkins(
  db: AppDatabase,
): Promise<{ drafts: WalkinLocalRecord[]; done: WalkinLocalRecord[] }> {
  const all = await db.walkins.orderBy('updated_at').reverse().toArray();
  return {
    drafts: all.filter((w) => w.local_state === 'draft'),
    done: all.filter((w) => w.local_state !== 'draft'),
  };
}

/** The terms of the pulled catalogue, latest first (`2026FA` before `2026SU`). */
export async function catalogueTerms(db: AppDatabase): Promise<string[]> {
  const terms = (await db.sections.orderBy('reporting_term').uniqueKeys()) as string[];
  return terms.reverse();
}

/** The term's sections in course order. */
export async function termCatalogue(db: AppDatabase, term: string): Promise<SectionRecord[]> {
  const rows = await db.sections.where('reporting_term').equals(term).toArray();
  return rows.sort(
    (a, b) => a.course_name.localeCompare(b.course_name) || a.section_code.localeCompare(b.section_code),
  );
}

export interface WalkinRefusal {
  seq: number;
  op: string;
  status: number;
  message: string;
  /** each field the server named, in seed 004's form, for the message beside it */
  errors: ResponseError[];
}

/** The server's refusal of this walk-in, if one waits for the coordinator. */
export async function walkinRefusal(db: AppDatabase, transactionUuid: string): Promise<WalkinRefusal | null> {
  const refused = (await openEntriesOf(db, walkinRecordKey(transactionUuid))).find(
    (e) => e.status === 'rejected',
  );
  if (!refused?.rejection) return null;
  return {
    seq: refused.seq as number,
    op: refused.op,
    status: refused.rejection.status,
    message: refused.rejection.message,
    errors: (refused.rejection.fields ?? []).map((f) => ({
      errorCode: f.code,
      fieldName: f.field,
      message: f.message,
    })),
  };
}

/** Credit hours, audit hours and the amount (hundredths) of the sections picked so far. */
export function pickedHours(form: WalkinFormValues, catalogue: readonly SectionRecord[]): Hours {
  const byId = new Map(catalogue.map((s) => [s.section_uuid, s]));
  return walkinHours(
    form.registrations.flatMap((r) => {
      const s = byId.get(r.section_uuid);
      if (!s) return [];
      return [
        {
          section_uuid: s.section_uuid,
          course_name: s.course_name,
          section_code: s.section_code,
          course_title: s.course_title,
          amount: toHundredths(s.amount),
          credit_hours: toHundredths(s.credit_hours),
          is_oncampus: s.is_oncampus,
          is_audit: r.is_audit,
          // not a registration yet: only the hours and the amount are read
          student_section_uuid: '',
          added_date: '',
          changed_date: null,
          changed_by_person_id: null,
        },
      ];
    }),
  );
}
