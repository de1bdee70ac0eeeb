/** The soak's judge: it sees every way the application could be misled (so a soak that passes means something). */
import { describe, expect, test } from 'vitest';
import { parse, type Line } from '../../scripts/soak/lines.js';
import { judge, Knowledge } from '../../scripts/soak/verdict.js';

function knowledge(lines: string[]): Knowledge {
  const k = new Knowledge();
  for (const text of lines) k.hear(parse(text) as Line);
  return k;
}

const ledger = (counts: Record<string, number>) => ({ count: (id: string) => counts[id] ?? 0, effects: Object.entries(counts).flatMap(([id, n]) => Array<string>(n).fill(id)) });

describe('judge', () => {
  test('returned, reported later by reconcile or by outcomeOf, or never applied and told so: all fine', () => {
    const k = knowledge(['intent a', 'result a ok', 'intent b', 'report b succeeded undelivered', 'intent c', 'outcome c settled applied', 'intent d', 'report d absent verified', 'intent e', 'result e PermanentError']);
    const l = ledger({ a: 1, b: 1, c: 1 });
    expect(judge(k, l.count, l.effects)).toEqual({ intents: 5, effects: 3, duplicates: 0, unreported: [], falseReports: [], inDoubt: 0, untyped: [], reportedLater: 2 });
  });

  test('an applied order told nothing, or only "in doubt", is unreported; one told absent is a false report; two effects a duplicate', () => {
    const k = knowledge(['intent a', 'intent b', 'report b unknown verified', 'outcome b pending -', 'intent c', 'result c IndeterminateError', 'report c absent verified', 'intent d', 'result d ok', 'intent e', 'result e TypeError']);
    const l = ledger({ a: 1, b: 1, c: 1, d: 2 });
    const v = judge(k, l.count, l.effects);
    expect(v.unreported).toEqual(['a: applied, told nothing', 'b: applied, told unknown,pending', 'c: applied, told absent,IndeterminateError']);
    expect(v.falseReports).toEqual(['c: applied, told absent,IndeterminateError']);
    expect(v.duplicates).toBe(1);
    expect(v.untyped).toEqual(['e: TypeError']);
    expect(v.inDoubt).toBe(2); // a and b: nothing final heard; asked again at the next start
    expect(knowledge(['intent x', 'result x ok', 'refused lock held by 42']).refused).toBe(1);
  });

  test('an effect for an id the application never recorded is unreported; "applied" for an order never applied is false', () => {
    const k = knowledge(['intent a', 'report a applied verified']);
    const l = ledger({ ghost: 1 });
    const v = judge(k, l.count, l.effects);
    expect(v.unreported).toEqual(['ghost (an effect for an id the application never recorded)']);
    expect(v.falseReports).toEqual(['a: never applied, told applied']);
  });
});
