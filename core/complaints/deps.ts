import type { WorkingCalendar } from '../calendar/workingCalendar';
import type { ContentCheck } from '../shared/contentSafety';
import type { Clock, IdGenerator } from '../shared/ports';
import type { LifecycleContext } from './lifecycle';
import type { ComplaintPolicy } from './policy';
import type { ComplaintStore } from './ports';

export interface ComplaintDeps {
  store: ComplaintStore;
  clock: Clock;
  ids: IdGenerator;
  calendar: WorkingCalendar;
  policy: ComplaintPolicy;
  /** SHA-256 hex of a string (crypto is a port: the core does no I/O and picks no library). */
  hash(text: string): string;
  /** Screens member text (msgSecCheck in production); flags for staff, never refuses. */
  contentCheck: ContentCheck;
}

export const lifecycleContext = (deps: ComplaintDeps): LifecycleContext => ({
  now: deps.clock.now(),
  calendar: deps.calendar,
  policy: deps.policy,
  newId: () => deps.ids.newId(),
});
