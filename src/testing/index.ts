/**
 * `resolute/testing`: a real, fault-injecting HTTP simulator of the exchange and data APIs `resolute` speaks
 * (Infinex, BatchData, ALP, Orderly, Binance), with a ledger of what was actually applied, and the request
 * signatures each API documents (opt-in).
 *
 * ```ts
 * import { startSimulator } from 'resolute/testing';
 * const sim = await startSimulator({ dialect: 'orderly', faults: { '504-after': 0.1 }, seed: 7 });
 * sim.inject({ route: 'placeOrder', fault: 'reset-after' });
 * // ... drive a client against sim.url + sim.routes.placeOrder ...
 * expect(sim.ledger.duplicates()).toEqual([]);
 * await sim.close();
 * ```
 * @module
 */
export { startSimulator } from './server.js';
export { alpSignature } from './signing/alp.js';
export { binanceSignature, signedBinanceQuery } from './signing/binance.js';
export {
  generateOrderlyKeyPair,
  orderlyHeaders,
  orderlyMessage,
  orderlySignature,
  type OrderlyKeyPair,
  type OrderlyRequest,
} from './signing/orderly.js';
export type {
  Arrival,
  AuditReport,
  BinanceOptions,
  DialectName,
  Effect,
  FaultName,
  FaultScript,
  IntentOutcome,
  Ledger,
  ListOptions,
  RateLimitOptions,
  RetryAfterWindow,
  RouteName,
  SignatureVerdict,
  SigningOptions,
  Simulator,
  SimulatorCredentials,
  SimulatorOptions,
  SimulatorRoutes,
} from './types.js';
