/** The pure rules: when a list answer covers the send, and what a list lookup answers. */
import { describe, expect, test } from 'vitest';
import { judgeList, listCovers, type ListShape } from '../../src/index.js';

const at = { from: 1_000, until: 5_000 };

describe('listCovers', () => {
  const cases: Array<[string, ListShape, boolean]> = [
    ['fewer items than the limit', { count: 3, limit: 10, ...at }, true],
    ['no items at all, with a limit', { count: 0, limit: 10, ...at }, true],
    ['more pages follow, whatever the count', { count: 3, limit: 10, more: true, ...at }, false],
    ['the API says partial', { count: 3, limit: 10, complete: false, ...at }, false],
    ['the API says whole (a total), no limit known', { count: 3, complete: true, ...at }, true],
    ['no limit known and nothing said', { count: 3, ...at }, false],
    ['full, newest kept, an item older than the send', { count: 2, limit: 2, keeps: 'newest', times: [4_000, 900], ...at }, true],
    ['full, newest kept, nothing older than the send', { count: 2, limit: 2, keeps: 'newest', times: [4_000, 1_000], ...at }, false],
    ['full, oldest kept, an item newer than the lookup', { count: 2, limit: 2, keeps: 'oldest', times: [1_200, 5_001], ...at }, true],
    ['full, oldest kept, nothing newer than the lookup', { count: 2, limit: 2, keeps: 'oldest', times: [1_200, 4_999], ...at }, false],
    ['full, order unknown, items past both ends', { count: 2, limit: 2, times: [900, 5_001], ...at }, true],
    ['full, order unknown, past one end only', { count: 2, limit: 2, times: [900, 4_000], ...at }, false],
    ['full, unreadable times', { count: 2, limit: 2, keeps: 'newest', times: [undefined, Number.NaN], ...at }, false],
  ];
  for (const [name, shape, covers] of cases) test(`${name} → ${covers ? 'covers' : 'may be cut'}`, () => expect(listCovers(shape).covers).toBe(covers));

  test('a refusal says why', () => {
    expect(listCovers({ count: 2, limit: 2, keeps: 'newest', times: [4_000, 3_000], ...at })).toEqual({ covers: false, why: expect.stringContaining('full answer (2 of at most 2)') });
  });
});

describe('judgeList', () => {
  const covers = { covers: true } as const;
  const cut = { covers: false, why: 'cut' } as const;
  test.each([
    [{ matches: 1, unique: false, settled: false, coverage: cut }, 'applied'],
    [{ matches: 3, unique: true, settled: false, coverage: cut }, 'applied'],
    [{ matches: 2, unique: false, settled: true, coverage: covers }, 'unknown'],
    [{ matches: 0, unique: false, settled: false, coverage: covers }, 'unknown'],
    [{ matches: 0, unique: false, settled: true, coverage: cut }, 'unknown'],
    [{ matches: 0, unique: false, settled: true, coverage: covers }, 'absent'],
  ] as const)('%o → %s', (found, outcome) => expect(judgeList(found).outcome).toBe(outcome));
});
