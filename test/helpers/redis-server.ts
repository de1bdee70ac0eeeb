/**
 * Starts a real `redis-server` on a free loopback port for a test file, and stops it afterwards.
 * Without redis-server on the PATH: outside CI the suites skip, loudly; under CI (CI=true) they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** True when a `redis-server` binary is on the PATH. */
export const hasRedis: boolean = spawnSync('redis-server', ['--version']).status === 0;

if (!hasRedis) {
  const msg = '\n*** redis-server is not on the PATH: tests that need Redis are SKIPPED (apt-get install -y redis-server). ***\n';
  if (process.env.CI) throw new Error(`redis-server is missing under CI; .ci/run must install it.${msg}`);
  process.stderr.write(msg);
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** A running redis-server. */
export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** The server's working folder (removed by `stopRedis`). */
  readonly dir: string;
  /** Kills the server (SIGKILL by default) and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port (after `stop`). */
  restart(): Promise<void>;
  /** Sends `signal` to the running server (e.g. SIGSTOP / SIGCONT: an outage in which it keeps its data). */
  signal(signal: NodeJS.Signals): void;
}

/** Options of {@link startRedis}. */
export interface StartRedisOptions {
  /** Extra command-line settings, after the defaults (later ones win), e.g. `['--appendonly', 'yes']`. */
  readonly args?: readonly string[];
}

async function waitReady(port: number, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], { encoding: 'utf8' });
    if (r.stdout?.trim() === 'PONG') return;
    if (Date.now() > until) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r2) => setTimeout(r2, 20));
  }
}

/** Starts redis-server on a free port with persistence off (unless `opts.args` turns it on). */
export async function startRedis(opts: StartRedisOptions = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'resolute-redis-'));
  let child: ChildProcess | undefined;
  const launch = async (): Promise<void> => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...(opts.args ?? [])], {
      stdio: 'ignore',
    });
    await waitReady(port);
  };
  await launch();
  const stop = async (signal: NodeJS.Signals = 'SIGKILL'): Promise<void> => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill(signal);
    });
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    dir,
    stop: async (signal) => {
      await stop(signal);
    },
    restart: launch,
    signal: (signal) => {
      child?.kill(signal);
    },
  };
}

/** Stops the server and removes its folder. */
export async function stopRedis(server: RedisServer | undefined): Promise<void> {
  await server?.stop();
  if (server) rmSync(server.dir, { recursive: true, force: true });
}
