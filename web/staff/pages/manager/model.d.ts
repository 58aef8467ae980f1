/** Types of model.js, for the unit tests that import it (the staff pages are plain JavaScript). */
export interface StaffEntry {
  id: string;
  name: string;
  active?: boolean;
}
export interface Choice {
  value: string;
  label: string;
}
export interface ApiPage<T> {
  ok: boolean;
  status?: number;
  body: { items: T[]; nextCursor: string | null };
}
export function waitingPhrase(daysWaiting: number): string;
export function delayPhrase(days: number): string;
export function decisionBody(values: Record<string, unknown>): Record<string, unknown>;
export function readAllPages<T>(
  fetchPage: (cursor: string | undefined) => Promise<ApiPage<T>>,
): Promise<{ ok: true; items: T[] } | ApiPage<T>>;
export function activeWorkerOptions(staff: StaffEntry[], options?: { except?: string }): Choice[];
export function workerFilterOptions(staff: StaffEntry[]): Choice[];
export function workerName(staff: StaffEntry[], id: string): string;
export function taskSubjectPath(task: { measureId: string | null; referralId: string | null }): string | null;
export function awaitsAWorker(measure: { status: string; followUp: unknown; followUpDueOn: string | null }): boolean;
export function compactQuery(query: Record<string, unknown>): Record<string, unknown>;
export function formatEuros(amount: number): string;
export function labeller(labels: Record<string, Record<string, string>>): (vocabulary: string, value: string) => string;
