import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { describe, expect, it } from 'vitest';
import type { DriveResult } from '../../benchmarks/lib/drive.js';
import { SENT_HEADER, sentInside, stampSends } from '../../benchmarks/lib/sends.js';
import { stormFigures } from '../../benchmarks/lib/storm.js';
import { stormTarget, type StormTally } from '../../benchmarks/lib/target.js';
import { insideMs, union } from '../../benchmarks/lib/windows.js';

describe('Retry-After windows: union and time inside', () => {
  it('merges overlapping and touching windows, drops empty ones, and clips to the run', () => {
    const w = [
      { from: 50, until: 60 },
      { from: 0, until: 10 },
      { from: 5, until: 20 },
      { from: 20, until: 30 },
      { from: 40, until: 40 },
    ];
    expect(union(w)).toEqual([
      { from: 0, until: 30 },
      { from: 50, until: 60 },
    ]);
    expect(insideMs(w, 0, 100)).toBe(40);
    expect(insideMs(w, 25, 55)).toBe(10); // 25..30 and 50..55
    expect(insideMs([], 0, 100)).toBe(0);
  });
});

describe('storm figures', () => {
  const run: DriveResult = {
    startedAt: 1_000,
    endedAt: 5_000,
    wallMs: 4_000,
    intents: [
      { id: 'a', outcome: 'succeeded', ms: 10 },
      { id: 'b', outcome: 'succeeded', ms: 30 },
      { id: 'c', outcome: 'indeterminate', ms: 900 },
      { id: 'd', outcome: 'failed', ms: 200 },
    ],
  };

  it('subtracts the windows from the wall, takes latency from successes and certainty from ambiguous intents', () => {
    const f = stormFigures(run, [{ from: 0, until: 1_500 }, { from: 4_500, until: 9_000 }], new Set(['b', 'c']));
    expect(f.wallS).toBe(4);
    expect(f.outsideS).toBe(3); // 500 ms + 500 ms of the run lay inside
    expect([f.okP50Ms, f.okP99Ms]).toEqual([10, 30]);
    expect([f.ambiguous, f.certaintyP50Ms, f.certaintyP99Ms]).toEqual([2, 30, 900]);
  });
});

describe('sends inside a window', () => {
  const at = (sent: number): { headers: Record<string, string> } => ({ headers: { [SENT_HEADER]: String(sent) } });

  it('counts sends after the client heard the 429 and before the server window ended, nothing else', () => {
    const server = [{ from: 100, until: 1_100 }];
    const log = { heard: [{ from: 110, until: 1_110 }] };
    const inside = sentInside([at(99), at(105), at(110), at(1_099), at(1_100), at(1_105), { headers: {} as Record<string, string> }], server, log);
    expect(inside.map((a) => a.headers[SENT_HEADER])).toEqual(['110', '1099']);
    expect(sentInside([at(500)], server, { heard: [] })).toEqual([]); // never heard: the answer went to an abandoned request
  });

  it('the interceptors stamp each send and note each 429 with Retry-After, on a real loopback server', async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers[SENT_HEADER]));
      res.writeHead(req.url === '/busy' ? 429 : 200, req.url === '/busy' ? { 'retry-after': '2' } : {}).end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const http = axios.create({ baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
      const log = stampSends(http);
      const before = Date.now();
      await http.get('/fine');
      await expect(http.get('/busy')).rejects.toMatchObject({ response: { status: 429 } });
      const after = Date.now();
      expect(seen).toHaveLength(2);
      for (const s of seen) expect(Number(s)).toSatisfy((t: number) => t >= before && t <= after);
      expect(log.heard).toHaveLength(1);
      expect(log.heard[0]!.until - log.heard[0]!.from).toBe(2_000);
      expect(log.heard[0]!.from).toSatisfy((t: number) => t >= Number(seen[1]) && t <= after);
    } finally {
      server.close();
    }
  });
});

describe('issue 10 target', () => {
  const tally = (name: string, over: Partial<StormTally> = {}): StormTally => ({
    name,
    succeeded: 1_000,
    duplicates: 0,
    lost: 0,
    sentInsideRetryAfter: 0,
    wallS: 3,
    outsideS: 1,
    ...over,
  });

  it('passes only when every check passes, judged against p-retry in the same run', () => {
    const base = tally('p-retry around axios', { duplicates: 80, sentInsideRetryAfter: 500, wallS: 3, outsideS: 0.2 });
    const pass = stormTarget([tally('resolute', { outsideS: 6, wallS: 20 }), base]);
    expect(pass?.pass).toBe(true);
    expect(pass?.checks.map((c) => c.pass)).toEqual([true, true, true, true, true]);
    const fail = stormTarget([tally('resolute', { outsideS: 6.1, succeeded: 999, sentInsideRetryAfter: 1 }), base]);
    expect(fail?.pass).toBe(false);
    expect(fail?.checks.map((c) => c.pass)).toEqual([true, true, false, false, false]);
    expect(fail?.checks[4]?.check).toContain('6.1 s vs 2 × 3.0 s');
    expect(stormTarget([base])).toBeUndefined();
  });
});
