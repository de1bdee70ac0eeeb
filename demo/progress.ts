/**
 * Progress while a contender runs: a live bar on stderr when it is a terminal, a plain line every couple of
 * seconds otherwise, nothing at all in `--json` mode.
 * @module
 */
import type { IntentOutcome } from '../src/testing/index.js';

/** Where the demo writes. `isTTY` decides between the live bar and plain lines. */
export interface Output {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
  /** The terminal's width, when it is one: the live bar is cut to fit so `\r` can redraw it. */
  readonly columns?: number | undefined;
}

/** Tracks one contender's run. */
export interface Progress {
  /** One task finished. */
  tick(outcome: IntentOutcome): void;
  /** The run is over: draws the final state and stops every timer. */
  done(): void;
}

const BAR_WIDTH = 28;
const REDRAW_MS = 80;
const PLAIN_EVERY_MS = 2_000;

/** Cuts `text` to one column less than the terminal is wide (a wrapped line cannot be redrawn with `\r`). */
function fit(text: string, columns: number | undefined): string {
  return columns !== undefined && columns > 1 && text.length >= columns ? text.slice(0, columns - 1) : text;
}

/** Starts tracking `total` tasks of contender `name` (`out` undefined: silent). */
export function startProgress(out: Output | undefined, name: string, total: number): Progress {
  const counts = { succeeded: 0, failed: 0, indeterminate: 0 };
  const t0 = Date.now();
  const finished = (): number => counts.succeeded + counts.failed + counts.indeterminate;
  const stats = (): string => {
    const secs = ((Date.now() - t0) / 1000).toFixed(1).padStart(5);
    return `ok ${counts.succeeded}  failed ${counts.failed}  in doubt ${counts.indeterminate}  ${secs} s`;
  };
  const line = (): string => {
    const n = finished();
    const filled = total === 0 ? BAR_WIDTH : Math.round((n / total) * BAR_WIDTH);
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const num = `${String(n).padStart(String(total).length)}/${total}`;
    return `  ${name.padEnd(11)} ${bar} ${num}  ${stats()}`;
  };

  let timer: NodeJS.Timeout | undefined;
  if (out?.isTTY === true) {
    const draw = (): void => void out.write(`\r${fit(line(), out.columns)}\x1b[K`);
    draw();
    timer = setInterval(draw, REDRAW_MS);
  } else if (out !== undefined) {
    out.write(`  ${name}: ${total} tasks\n`);
    timer = setInterval(() => out.write(`  ${name}: ${finished()}/${total}  ${stats()}\n`), PLAIN_EVERY_MS);
  }
  timer?.unref();

  return {
    tick(outcome) {
      counts[outcome]++;
    },
    done() {
      if (timer !== undefined) clearInterval(timer);
      if (out?.isTTY === true) out.write(`\r${fit(line(), out.columns)}\x1b[K\n`);
      else if (out !== undefined) out.write(`  ${name}: ${finished()}/${total} done  ${stats()}\n`);
    },
  };
}
