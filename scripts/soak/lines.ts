/**
 * What a soak worker tells the driver, one line each on stdout. On Linux a write to a pipe is synchronous: once
 * `say()` returned, the line is in the kernel's pipe and survives the worker's SIGKILL. This is the application's
 * "own store": an `intent` line is written before the call, a `result` line when the caller got its answer.
 */

/** One line. Operation ids carry no spaces. */
export type Line =
  | { readonly kind: 'ready'; readonly pid: number }
  | { readonly kind: 'reconciled' }
  | { readonly kind: 'intent'; readonly id: string }
  /** `ok`, or the name of the error the caller got. */
  | { readonly kind: 'result'; readonly id: string; readonly outcome: string }
  /** A `reconcilePending` report: outcome (applied, absent, unknown, succeeded, failed) and source. */
  | { readonly kind: 'report'; readonly id: string; readonly outcome: string; readonly source: string }
  /** `outcomeOf`: state (settled, pending, unknown) and, when settled, the outcome. */
  | { readonly kind: 'outcome'; readonly id: string; readonly state: string; readonly outcome: string }
  /** The journal refused to open (a lock held, a refused Redis...). */
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'done'; readonly pending: number };

/** The line's text (with its newline). */
export function format(l: Line): string {
  switch (l.kind) {
    case 'ready':
      return `ready ${l.pid}\n`;
    case 'reconciled':
      return 'reconciled\n';
    case 'intent':
      return `intent ${l.id}\n`;
    case 'result':
      return `result ${l.id} ${l.outcome}\n`;
    case 'report':
      return `report ${l.id} ${l.outcome} ${l.source}\n`;
    case 'outcome':
      return `outcome ${l.id} ${l.state} ${l.outcome}\n`;
    case 'refused':
      return `refused ${l.message.replace(/\s+/g, ' ')}\n`;
    case 'done':
      return `done ${l.pending}\n`;
  }
}

/** Parses one line (without its newline); `undefined` for anything else. */
export function parse(text: string): Line | undefined {
  const [kind, a = '', b = '', c = ''] = text.split(' ');
  switch (kind) {
    case 'ready':
      return { kind, pid: Number(a) };
    case 'reconciled':
      return { kind };
    case 'intent':
      return a ? { kind, id: a } : undefined;
    case 'result':
      return a && b ? { kind, id: a, outcome: b } : undefined;
    case 'report':
      return a && b ? { kind, id: a, outcome: b, source: c } : undefined;
    case 'outcome':
      return a && b ? { kind, id: a, state: b, outcome: c } : undefined;
    case 'refused':
      return { kind, message: text.slice('refused '.length) };
    case 'done':
      return { kind, pending: Number(a) };
    default:
      return undefined;
  }
}

/** Writes a line to stdout (synchronous on a pipe). */
export function say(l: Line): void {
  process.stdout.write(format(l));
}
