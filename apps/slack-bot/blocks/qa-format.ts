import { safeText } from './mrkdwn.js';

/** A casebridge identity in mrkdwn: `slack:U…` as a mention, anything else (an email) escaped. */
export function personText(identity: string | null | undefined, max = 80): string {
  const slack = /^slack:([UW][A-Z0-9]+)$/.exec(identity ?? '');
  if (slack !== null) return `<@${slack[1]}>`;
  return safeText(identity, max, 'nobody');
}

/** `72.5%`, or `—` when nothing was measured. */
export const percentText = (value: number | null | undefined): string =>
  value === null || value === undefined ? '—' : `${value}%`;

/** `▲ 3.2` / `▼ 1.5` / `= 0` points against the period before; empty without one. */
export function trendText(trend: number | null | undefined): string {
  if (trend === null || trend === undefined) return '';
  if (trend > 0) return ` ▲ ${trend}`;
  if (trend < 0) return ` ▼ ${Math.abs(trend)}`;
  return ' = 0';
}

/** The date part of an ISO timestamp. */
export const dayOf = (iso: string): string => iso.slice(0, 10);
