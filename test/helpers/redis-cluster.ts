/**
 * Starts a real three-node Redis Cluster on loopback for a test file (`redis-server --cluster-enabled yes` × 3
 * on free ports, joined with `redis-cli --cluster create … --cluster-replicas 0 --cluster-yes`), and stops it.
 * Persistence is off. Use it with ioredis `Cluster`: `new Cluster(cluster.nodes)`.
 * Without redis-server on the PATH the suites skip (see `hasRedis` in redis-server.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { freePort } from './redis-server.js';

/** A running three-node cluster. */
export interface RedisCluster {
  /** The nodes, as ioredis `Cluster` startup nodes. */
  readonly nodes: ReadonlyArray<{ readonly host: string; readonly port: number }>;
  /** Kills every node and removes their folders. */
  stop(): Promise<void>;
}

/** True when `port` can be bound on 127.0.0.1 right now. */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** A free port whose cluster bus port (port + 10,000) is free too. */
async function freeClusterPort(taken: Set<number>): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const p = await freePort();
    const bus = p + 10_000;
    if (bus > 65_535 || taken.has(p) || taken.has(bus) || !(await isFree(bus))) continue;
    taken.add(p).add(bus);
    return p;
  }
  throw new Error('no free port pair for a Redis Cluster node');
}

function cli(port: number, ...args: string[]): string {
  const r = spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { encoding: 'utf8' });
  return `${r.stdout ?? ''}${r.stderr ?? ''}`;
}

async function waitFor(what: string, timeoutMs: number, ok: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`Redis Cluster: ${what} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Starts three cluster-enabled nodes on loopback and joins them (every slot assigned, state ok). */
export async function startRedisCluster(): Promise<RedisCluster> {
  const taken = new Set<number>();
  const ports = [await freeClusterPort(taken), await freeClusterPort(taken), await freeClusterPort(taken)];
  const dirs: string[] = [];
  const children: ChildProcess[] = [];
  const stop = async (): Promise<void> => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGKILL');
          }),
      ),
    );
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  };
  try {
    for (const port of ports) {
      const dir = mkdtempSync(join(tmpdir(), 'resolute-cluster-'));
      dirs.push(dir);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, 'nodes.conf'), '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', '--dir', dir];
      children.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const port of ports) await waitFor(`node ${port} did not answer PING`, 5_000, () => cli(port, 'ping').trim() === 'PONG');
    const created = spawnSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { encoding: 'utf8' });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stdout}${created.stderr}`);
    for (const port of ports) await waitFor(`node ${port} did not reach cluster_state:ok`, 10_000, () => cli(port, 'cluster', 'info').includes('cluster_state:ok'));
    return { nodes: ports.map((port) => ({ host: '127.0.0.1', port })), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
