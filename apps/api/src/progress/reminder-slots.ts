/**
 * When automatic reminders go out, as a pure function of the round's dates and the clock.
 *
 * A round has one slot per configured day before it closes (`before-7`, `before-2`: due from
 * `closesAt − d days` until it closes; skipped when that moment falls before the round opened) and,
 * once past its closing time while still OPEN, one slot per Beijing calendar day (`overdue-2026-12-03`).
 * The *current* slot is the latest one due. It goes out once; the earlier slots due with it are
 * marked as gone too, so a late start never sends a burst of stale reminders.
 */
export interface ReminderRules {
  daysBefore: number[];
  overdueDaily: boolean;
}

const DAY = 86_400_000;
const BEIJING_OFFSET = 8 * 3_600_000;

/** The Beijing calendar date of an instant, as YYYY-MM-DD. */
export const beijingDate = (at: Date): string => new Date(at.getTime() + BEIJING_OFFSET).toISOString().slice(0, 10);

export function dueSlots(
  round: { opensAt: Date; closesAt: Date },
  now: Date,
  rules: ReminderRules,
): { current: string | null; due: string[] } {
  const t = now.getTime();
  const close = round.closesAt.getTime();
  const due: string[] = [];
  let current: string | null = null;
  // largest d first: the last one due is the nearest to the deadline
  for (const d of [...rules.daysBefore].sort((a, b) => b - a)) {
    const from = close - d * DAY;
    if (from < round.opensAt.getTime() || t < from || t >= close) continue;
    due.push(`before-${d}`);
    current = `before-${d}`;
  }
  if (t >= close && rules.overdueDaily) {
    current = `overdue-${beijingDate(now)}`;
    due.push(current);
  }
  return { current, due };
}
