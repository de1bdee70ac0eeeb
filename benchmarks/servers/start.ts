/** Starts the independent order server (orders.ts) as a fresh child process on 127.0.0.1, and reads its ledger. */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { OrderLedger } from './order-book.js';

const ENTRY = fileURLToPath(new URL('./orders.ts', import.meta.url));

/** A running order server. */
export interface OrderServer {
  readonly url: string;
  /** The server's ledger (`GET /_ledger`). */
  ledger(): Promise<OrderLedger>;
  /** Stops the child process. */
  close(): Promise<void>;
}

/** Forks a fresh order server whose faults follow `seed`. */
export async function startOrderServer(seed: number): Promise<OrderServer> {
  const child = fork(ENTRY, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ORDER_SEED: String(seed) } });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`order server exited (${code}) before listening`)));
    child.once('message', (m) => resolve((m as { port: number }).port));
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    async ledger() {
      const res = await fetch(`${url}/_ledger`);
      if (!res.ok) throw new Error(`GET /_ledger answered ${res.status}`);
      return (await res.json()) as OrderLedger;
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await exited;
    },
  };
}
