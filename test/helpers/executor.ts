/** An executor on virtual time against nock's BASE, for protocol tests. */
import axios from 'axios';
import { createExecutor, type Executor, type ExecutorOptions } from '../../src/index.js';
import { BASE } from './nock.js';
import { virtualTime, type VirtualTime } from './time.js';

/** An executor sending to BASE with injected virtual clock and sleep, and randomness fixed at 0.5. */
export function setup(opts: ExecutorOptions = {}): { vt: VirtualTime; ex: Executor } {
  const vt = virtualTime();
  const ex = createExecutor({ http: axios.create({ baseURL: BASE }), clock: vt.clock, sleep: vt.sleep, random: () => 0.5, ...opts });
  return { vt, ex };
}
