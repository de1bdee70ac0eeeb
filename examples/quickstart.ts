/**
 * The README's quick start, runnable as written: `npx tsx examples/quickstart.ts`.
 * It points at the bundled simulator (an Orderly-dialect exchange on 127.0.0.1) that answers the first
 * order with a 504 *after* placing it: resolute verifies instead of buying twice.
 */
import axios from 'axios';
import { createExecutor, IndeterminateError, lookups, profiles } from 'resolute';
import { startSimulator } from 'resolute/testing';

const sim = await startSimulator({ dialect: 'orderly' });
sim.inject({ route: 'placeOrder', fault: '504-after' }); // the order is placed, the answer is lost

const http = axios.create({ baseURL: sim.url, timeout: 5_000 });
const executor = createExecutor({
  profile: profiles.orderly, // reads Orderly's error bodies and codes
  maxAttempts: 5, // total sends, the first included
  deadlineMs: 30_000, // the whole logical request, waits included
  verifyDelayMs: 200, // first check 200 ms after the ambiguous failure
  // Look the order up by the client_order_id resolute put in the body (GET /v1/client/order/{id}). Found: applied.
  // Not found (−1006) counts as absent, and is resent, only once 5 s have passed since the failure.
  verify: lookups.orderly(),
});

const api = executor.wrap(http); // existing call sites keep working
try {
  const res = await api.post('/v1/order', { symbol: 'PERP_BTC_USDC', order_type: 'LIMIT', side: 'BUY', order_price: 60000, order_quantity: 0.01 });
  console.log(res.reconciled ? 'placed (confirmed by lookup after a 504)' : 'placed', res.data.data.client_order_id);
} catch (e) {
  if (e instanceof IndeterminateError) console.error('in doubt, NOT resent:', e.operationId);
  else throw e;
} finally {
  console.log(`orders the exchange applied: ${sim.ledger.effects.length}`);
  await sim.close();
}
