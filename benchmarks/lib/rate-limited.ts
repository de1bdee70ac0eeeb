/**
 * Forks the real rate-limited servers of benchmarks/servers/rate-limited.ts (one fresh child process per run)
 * and reads back what they counted. Shared by the `real-servers` benchmark and its integration test.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Stall } from './stall-meter.js';

const PROGRAM = fileURLToPath(new URL('../servers/rate-limited.ts', import.meta.url));

/** Which server: fastify 5 + @fastify/rate-limit 11, or express 5 + express-rate-limit 8 (draft-8 headers). */
export type ServerKind = 'fastify' | 'express';

/** What the server counted. */
export interface ServerStats {
  /** Requests answered 200. */
  readonly served: number;
  /** Requests answered 429. */
  readonly refused: number;
  /** Every request: [epoch ms it reached the server, status]. */
  readonly arrivals: ReadonlyArray<readonly [number, number]>;
  /** When the server process could not run (lib/stall-meter.ts). */
  readonly stalls: readonly Stall[];
}

/** A running server. */
export interface RateLimitedServer {
  readonly kind: ServerKind;
  readonly url: string;
  /** What the server counted so far. */
  stats(): Promise<ServerStats>;
  /** Kills the child process and waits for it to exit. */
  close(): Promise<void>;
}

/** Human-readable description of a server kind, for tables and notes. */
export const SERVER_LABEL: Readonly<Record<ServerKind, string>> = {
  fastify: 'fastify 5 + @fastify/rate-limit 11 (x-ratelimit-*, reset in whole seconds)',
  express: "express 5 + express-rate-limit 8 (standardHeaders: 'draft-8')",
};

function once<T>(child: ChildProcess, what: string, accept: (m: unknown) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`rate-limited server exited (${code}) before ${what}`));
    const onMessage = (m: unknown): void => {
      if (!accept(m)) return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.once('exit', onExit);
    child.on('message', onMessage);
  });
}

/** Starts a fresh server of `kind` allowing `limit` requests per `windowMs` per client. */
export async function startRateLimitedServer(kind: ServerKind, limit = 100, windowMs = 1_000): Promise<RateLimitedServer> {
  const child = fork(PROGRAM, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, KIND: kind, LIMIT: String(limit), WINDOW_MS: String(windowMs) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port } = await once<{ port: number }>(child, 'listening', (m) => typeof m === 'object' && m !== null && 'port' in m);
  return {
    kind,
    url: `http://127.0.0.1:${port}`,
    stats: () => {
      const p = once<ServerStats>(child, 'stats', (m) => typeof m === 'object' && m !== null && 'served' in m);
      child.send('stats');
      return p;
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill();
      }),
  };
}
