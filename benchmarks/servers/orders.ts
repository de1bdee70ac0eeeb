/**
 * The independent order server as a child process (forked by start.ts with `--import tsx`): listens on a free
 * port of 127.0.0.1 and sends `{ port }` to its parent; exits when the parent disconnects.
 */
import type { AddressInfo } from 'node:net';
import { createOrderApp } from './order-app.js';

const { app } = createOrderApp(Number(process.env.ORDER_SEED ?? 1));
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
server.keepAliveTimeout = 30_000;
process.on('disconnect', () => process.exit(0));
