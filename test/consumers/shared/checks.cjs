'use strict';
// The checks every consumer fixture runs against the installed tarball, whatever its module format: the fixture
// loads `resolute`, `resolute/testing` and axios its own way and hands them over. Run by scripts/consumers.sh.
const assert = require('node:assert/strict');
const { mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

/** An Orderly order body (resolute stamps its operation id into `client_order_id`). */
function order(price) {
  return { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: price, order_quantity: 0.01 };
}

const placeOrders = (sim) => sim.arrivals.filter((a) => a.route === 'placeOrder').length;

/** Own axios instance through `executor.wrap()`: an order answered 504 after it was placed is verified, not resent. */
async function wrapVerifies({ resolute, axios }, sim) {
  const http = axios.create({ baseURL: sim.url, timeout: 5_000 });
  const executor = resolute.createExecutor({ profile: resolute.profiles.orderly, verifyDelayMs: 20, verify: resolute.lookups.orderly() });
  sim.inject({ route: 'placeOrder', fault: '504-after' });
  const before = { effects: sim.ledger.effects.length, posts: placeOrders(sim) };
  const res = await executor.wrap(http).post(sim.routes.placeOrder, order(60_000));
  assert.equal(res.status, 200);
  assert.ok(res.reconciled, 'the response came from verification');
  assert.equal(sim.ledger.effects.length - before.effects, 1, 'one order applied');
  assert.equal(placeOrders(sim) - before.posts, 1, 'the order was sent once');
}

/**
 * One module instance across require and import: a limiter and a journal made by `other` (the package through the
 * other module system) drive an executor made by `resolute`, and its errors are instances of both paths' classes.
 */
async function oneInstance({ resolute, other, axios }, sim) {
  assert.equal(other.ResoluteError, resolute.ResoluteError, 'one ResoluteError class');
  assert.equal(other.memoryLimiter, resolute.memoryLimiter, 'one memoryLimiter');
  const dir = mkdtempSync(join(tmpdir(), 'resolute-consumer-'));
  const journal = other.fileJournal(join(dir, 'journal.log'));
  const limiter = other.memoryLimiter({ rateLimit: { limit: 50, intervalMs: 1_000 } });
  try {
    const executor = resolute.createExecutor({ http: axios.create({ baseURL: sim.url }), profile: resolute.profiles.orderly, journal, limiter });
    const res = await executor.request({ method: 'POST', url: sim.routes.placeOrder, data: order(60_001) });
    assert.equal(res.status, 200);
    assert.ok(journal.stats().linesWritten >= 2, 'the journal recorded the intent and its outcome');
    assert.deepEqual(await journal.pending(), [], 'nothing left in doubt');

    sim.inject({ route: 'placeOrder', fault: '511' }); // no otp hook: TwoFactorError at once
    const error = await executor.request({ method: 'POST', url: sim.routes.placeOrder, data: order(60_002) }).then(
      () => assert.fail('a 511 without an otp hook must reject'),
      (e) => e,
    );
    assert.ok(error instanceof resolute.ResoluteError && error instanceof other.ResoluteError, 'instanceof ResoluteError through both paths');
    assert.ok(error instanceof other.TwoFactorError && other.isTwoFactorError(error) && resolute.isTwoFactorError(error));
  } finally {
    await journal.close();
    await limiter.close?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Without `http`, the executor sends with the consumer's own axios default: its interceptors run. */
async function defaultAxios({ name, resolute, axios }, sim) {
  const id = axios.interceptors.request.use((config) => {
    config.headers.set('x-consumer', name);
    return config;
  });
  try {
    const executor = resolute.createExecutor({ profile: resolute.profiles.orderly });
    const res = await executor.request({ url: sim.url + sim.routes.ticker });
    assert.equal(res.status, 200);
    const last = sim.arrivals[sim.arrivals.length - 1];
    assert.equal(last?.headers['x-consumer'], name, "the consumer's axios default (and its interceptor) sent the request");
  } finally {
    axios.interceptors.request.eject(id);
  }
}

/**
 * Runs every check, then prints one line. `other` is `resolute` loaded through the other module system (omit it
 * where there is none, e.g. inside a bundle).
 */
async function runChecks(ctx) {
  const sim = await ctx.testing.startSimulator({ dialect: 'orderly' });
  const done = ['wrap() verifies a 504'];
  try {
    await wrapVerifies(ctx, sim);
    if (ctx.other !== undefined) {
      await oneInstance(ctx, sim);
      done.push('one instance across require/import');
    }
    await defaultAxios(ctx, sim);
    done.push("default http is the consumer's axios");
  } finally {
    await sim.close();
  }
  console.log(`consumer ${ctx.name} on Node ${process.versions.node} (axios ${ctx.axios.VERSION}): ${done.join(', ')}`);
}

module.exports = { runChecks, order };
