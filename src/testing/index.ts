/**
 * `resolute/testing`: a real, fault-injecting HTTP simulator of the exchange and data APIs `resolute` speaks
 * (Infinex, BatchData, ALP, Orderly), with a ledger of what was actually applied.
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
export type {
  Arrival,
  AuditReport,
  DialectName,
  Effect,
  FaultName,
  FaultScript,
  IntentOutcome,
  Ledger,
  RateLimitOptions,
  RetryAfterWindow,
  RouteName,
  Simulator,
  SimulatorOptions,
  SimulatorRoutes,
} from './types.js';
