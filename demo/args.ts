/**
 * Command-line flags of the demo: parsed into a plain result, never thrown. A bad flag yields one line that says
 * what is wrong and what would be right.
 * @module
 */
import type { DialectName } from '../src/testing/index.js';

/** Every dialect the simulator speaks, in the order `--help` lists them. */
export const DIALECT_NAMES: readonly DialectName[] = ['orderly', 'alp', 'infinex', 'batchdata'];

/** The most order intents one run accepts (the demo is meant to finish in seconds). */
export const MAX_INTENTS = 5_000;

/** What the demo runs. */
export interface DemoOptions {
  readonly dialect: DialectName;
  /** Order intents per contender (reads and withdrawals come on top, see `workload.ts`). */
  readonly intents: number;
  /** Simulator seed: the same seed gives both contenders the same fault sequence. */
  readonly seed: number;
  /** One JSON object on stdout, nothing else. */
  readonly json: boolean;
}

/** The defaults: `npm start` with no flags. */
export const DEFAULT_OPTIONS: DemoOptions = { dialect: 'orderly', intents: 300, seed: 42, json: false };

/** The result of {@link parseArgs}. */
export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: DemoOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

/** The text `--help` prints. */
export const USAGE = `Usage: npm start -- [flags]     (or: npx tsx demo/main.ts [flags])

Runs the same workload (order intents, reads, 2FA withdrawals) against the bundled fault-injecting
exchange simulator, once through resolute and once through axios-retry, and prints what the exchange
really applied.

Flags:
  --dialect <name>   API the simulator speaks: ${DIALECT_NAMES.join(', ')} (default ${DEFAULT_OPTIONS.dialect})
  --intents <n>      order intents per contender, 1..${MAX_INTENTS} (default ${DEFAULT_OPTIONS.intents})
  --seed <n>         fault sequence seed, an integer (default ${DEFAULT_OPTIONS.seed})
  --json             print one JSON object on stdout and nothing else
  -h, --help         print this help

Exit status: 0 done (axios-retry duplicates are expected), 1 resolute itself duplicated or lost an
intent, 2 bad flags.`;

type ValueFlag = 'dialect' | 'intents' | 'seed';
const VALUE_FLAGS: ReadonlySet<string> = new Set<ValueFlag>(['dialect', 'intents', 'seed']);

const error = (message: string): ParsedArgs => ({ kind: 'error', message: `${message} (see --help)` });

/** Parses `argv` (without the node and script paths). `--flag value` and `--flag=value` are both accepted. */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let dialect: DialectName = DEFAULT_OPTIONS.dialect;
  let intents = DEFAULT_OPTIONS.intents;
  let seed = DEFAULT_OPTIONS.seed;
  let json = DEFAULT_OPTIONS.json;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--json') {
      json = true;
      continue;
    }
    if (!arg.startsWith('--')) return error(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (name === 'json') return error('--json takes no value');
    if (!VALUE_FLAGS.has(name)) return error(`unknown flag --${name}`);
    let value: string | undefined;
    if (eq !== -1) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return error(`--${name} needs a value`);
      i++;
    }
    switch (name as ValueFlag) {
      case 'dialect': {
        const known = DIALECT_NAMES.find((d) => d === value);
        if (known === undefined) return error(`unknown dialect "${value}" (known: ${DIALECT_NAMES.join(', ')})`);
        dialect = known;
        break;
      }
      case 'intents': {
        const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isSafeInteger(n) || n < 1) return error(`--intents must be a positive integer, got "${value}"`);
        if (n > MAX_INTENTS) return error(`--intents must be at most ${MAX_INTENTS}, got ${n}`);
        intents = n;
        break;
      }
      case 'seed': {
        const n = /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
        if (!Number.isSafeInteger(n)) return error(`--seed must be an integer, got "${value}"`);
        seed = n;
        break;
      }
    }
  }
  if (help) return { kind: 'help' };
  return { kind: 'run', options: { dialect, intents, seed, json } };
}
