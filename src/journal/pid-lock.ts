/**
 * A single-writer lock file holding the owner's pid, taken over when its owner is dead.
 * Valid on local file systems only: pids mean nothing across hosts.
 * @module
 */
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { errnoCode, message } from './file-io.js';

/** A held lock. */
export interface PidLock {
  /** The lock file's path. */
  readonly path: string;
  /** Removes the lock file if it still holds this process's pid. Idempotent. */
  release(): Promise<void>;
}

/** Options of {@link acquirePidLock}. */
export interface PidLockOptions {
  /** What the lock protects, for error messages (e.g. the journal file's path). */
  readonly resource: string;
  /**
   * How long a lock file without a readable pid is presumed to be mid-creation by another process
   * (it writes the pid right after creating the file) before it is treated as stale.
   * @default 2000
   */
  readonly unreadableGraceMs?: number;
}

/**
 * True unless signalling `pid` fails with ESRCH (no such process). EPERM means it exists under another user.
 *
 * @example
 * ```ts
 * isProcessAlive(process.pid); // true
 * ```
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errnoCode(err) !== 'ESRCH';
  }
}

function parsePid(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  // pid 0 and negative pids address process groups in kill(2): never treat them as an owner.
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return undefined;
    throw new Error(`cannot read lock file ${path}: ${message(err)}`, { cause: err });
  }
}

/**
 * Removes a stale lock whose content was `observed`, without ever removing a fresh lock another process
 * created in the meantime: the lock is first renamed aside (atomic), checked, and put back with `link`
 * (which fails rather than overwrite) if it turns out not to be the stale one.
 */
async function removeStale(lockPath: string, observed: string): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return; // someone else removed it first
    throw new Error(`cannot take over stale lock file ${lockPath}: ${message(err)}`, { cause: err });
  }
  const content = await readOrUndefined(aside);
  if (content !== observed) {
    try {
      await link(aside, lockPath);
    } catch {
      // EEXIST: a third process holds a newer lock already; the one set aside lost its file either way.
    }
  }
  await unlink(aside).catch(() => undefined);
}

/**
 * Takes `lockPath` exclusively: creates it with O_EXCL holding this process's pid. When the file exists and its
 * pid is dead (ESRCH), the lock is taken over; when the pid is alive, fails with an Error naming the resource
 * and the pid.
 *
 * @example
 * ```ts
 * const lock = await acquirePidLock('/var/lib/bot/journal.jsonl.lock', { resource: '/var/lib/bot/journal.jsonl' });
 * try { ... } finally { await lock.release(); }
 * ```
 */
export async function acquirePidLock(lockPath: string, opts: PidLockOptions): Promise<PidLock> {
  const graceMs = opts.unreadableGraceMs ?? 2_000;
  const own = `${process.pid}\n`;
  const until = Date.now() + graceMs + 5_000;
  let problem = 'it keeps changing hands';
  while (Date.now() < until) {
    try {
      const fh = await open(lockPath, 'wx');
      try {
        await fh.writeFile(own, 'utf8');
      } finally {
        await fh.close();
      }
      let released = false;
      return {
        path: lockPath,
        release: async () => {
          if (released) return;
          released = true;
          const content = await readOrUndefined(lockPath);
          if (content !== own) return; // not ours any more (removed or taken over): leave it alone
          try {
            await unlink(lockPath);
          } catch (err) {
            if (errnoCode(err) !== 'ENOENT') {
              throw new Error(`cannot remove lock file ${lockPath}: ${message(err)}`, { cause: err });
            }
          }
        },
      };
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') {
        throw new Error(`cannot create lock file ${lockPath} for ${opts.resource}: ${message(err)}`, { cause: err });
      }
    }
    const content = await readOrUndefined(lockPath);
    if (content === undefined) continue; // released between our create and our read: try again
    const pid = parsePid(content);
    if (pid !== undefined) {
      if (isProcessAlive(pid)) {
        const who = pid === process.pid ? `this process (pid ${pid}) already has it open` : `pid ${pid} is still running`;
        throw new Error(
          `${opts.resource} is locked: ${who} (lock file ${lockPath}); only one journal may write to a file at a time — close the other one first`,
        );
      }
    } else {
      // Empty or garbled: either a writer is between its O_EXCL create and its write, or it crashed there.
      let mtimeMs: number;
      try {
        mtimeMs = (await stat(lockPath)).mtimeMs;
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue;
        throw new Error(`cannot stat lock file ${lockPath}: ${message(err)}`, { cause: err });
      }
      if (Date.now() - mtimeMs < graceMs) {
        problem = 'it holds no readable pid and is younger than the grace period';
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
    }
    await removeStale(lockPath, content);
  }
  throw new Error(`cannot take lock file ${lockPath} for ${opts.resource}: ${problem}`);
}
