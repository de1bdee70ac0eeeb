/**
 * The side-by-side summary: one column per contender, one row per metric, then what the numbers mean.
 * @module
 */
import type { ContenderMetrics } from './stats.js';

type Cell = string | number | null;

interface Row {
  readonly label: string;
  readonly cell: (m: ContenderMetrics) => Cell;
}

const dash = '—';

const ROWS: readonly Row[] = [
  { label: 'intents (orders + 2FA withdrawals)', cell: (m) => m.intents },
  { label: '  reported succeeded', cell: (m) => m.succeeded },
  { label: '  reported failed', cell: (m) => m.failed },
  { label: '  reported in doubt', cell: (m) => m.indeterminate },
  { label: 'applied by the exchange', cell: (m) => m.applied },
  { label: 'duplicates (applied twice or more)', cell: (m) => m.duplicates },
  { label: 'lost (client got the outcome wrong)', cell: (m) => m.lost },
  { label: 'reads ok', cell: (m) => `${m.readsOk}/${m.reads}` },
  { label: 'retries', cell: (m) => m.retries },
  { label: '  blind order resends (502/504/reset)', cell: (m) => m.blindResends },
  { label: 'throttle waits (429)', cell: (m) => m.throttleWaits },
  { label: 'OTP prompts (2FA)', cell: (m) => m.otpPrompts },
  { label: 'verifications applied / absent', cell: (m) => (m.verifications ? `${m.verifications.applied} / ${m.verifications.absent}` : null) },
  { label: 'requests sent', cell: (m) => m.requestsSent },
  { label: '  of them order POSTs', cell: (m) => m.orderPosts },
  { label: 'wall time', cell: (m) => `${(m.wallMs / 1000).toFixed(1)} s` },
];

/** The table, one line per row, columns right-aligned. */
export function renderTable(columns: readonly ContenderMetrics[]): string {
  const labelWidth = Math.max(...ROWS.map((r) => r.label.length));
  const cells = ROWS.map((r) => columns.map((m) => String(r.cell(m) ?? dash)));
  const widths = columns.map((m, i) => Math.max(m.name.length, ...cells.map((row) => (row[i] ?? '').length)) + 2);
  const pad = (text: string, i: number): string => text.padStart((widths[i] ?? 0) + 2);
  const header = ' '.repeat(labelWidth) + columns.map((m, i) => pad(m.name, i)).join('');
  const rule = '─'.repeat(header.length);
  const body = ROWS.map((r, j) => r.label.padEnd(labelWidth) + (cells[j] ?? []).map(pad).join(''));
  return [header, rule, ...body, rule].join('\n');
}

/** `1 order`, `3 orders`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** Wraps `text` at word boundaries to lines of at most `width` characters. */
export function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Two or three short paragraphs saying what the table shows, wrapped to 100 columns. */
export function explain(resolute: ContenderMetrics, other: ContenderMetrics, withdrawals: number): string[] {
  const v = resolute.verifications;
  const paragraphs = [
    `${other.name} resent ${plural(other.blindResends, 'order')} blindly after a 502, 504 or connection reset, ` +
      `when the first send may already have been placed: ${plural(other.duplicates, 'duplicate order')} on the exchange. ` +
      `It also reported ${plural(other.lost, 'intent')} failed that the exchange had in fact applied ("lost": ` +
      `a timeout, which axios-retry does not retry, or a resend the exchange refused as a duplicate).`,
    `${resolute.name} resent no order blindly: it looked each ambiguous one up ` +
      `(${v ? `${v.applied} found applied, ${v.absent} found absent and resent with the same id` : 'no lookups'}), ` +
      `waited out ${plural(resolute.throttleWaits ?? 0, 'rate-limit window')} (429) and answered ${plural(resolute.otpPrompts ?? 0, '2FA prompt')} ` +
      `with TOTP codes: ${plural(resolute.duplicates, 'duplicate')}, ${resolute.lost} lost.`,
  ];
  if (withdrawals > 0) {
    paragraphs.push(
      `${other.name} has no 2FA flow: ${withdrawals === 1 ? 'its withdrawal' : `all ${withdrawals} of its withdrawals`} ended on the exchange's ` +
        `"2FA required" answer (511), counted failed.`,
    );
  }
  paragraphs.push(
    'Every count above repeats when the demo runs again with the same seed: the simulator draws each request\'s ' +
      'faults from the seed, the request and its attempt number, whatever order the concurrent requests arrive in. ' +
      'Only the wall times vary (and, on a machine too loaded to answer within the client timeout, what timed out).',
  );
  return paragraphs.flatMap((p) => wrap(p));
}
