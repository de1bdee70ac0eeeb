// CommonJS TypeScript (module nodenext, "type": "commonjs"), newest axios. Until axios became a peer dependency,
// passing the consumer's own instance to executor.wrap() failed with TS2345 ("two different types with this name").
import axios from 'axios';
import * as resolute from 'resolute';
import * as testing from 'resolute/testing';
import { runChecks } from './shared/checks.cjs';
import { typedChecks } from './shared/typed.js';

async function main(): Promise<void> {
  const sim = await testing.startSimulator({ dialect: 'orderly' });
  try {
    await typedChecks(sim);
  } finally {
    await sim.close();
  }
  await runChecks({ name: 'cjs-ts', resolute, testing, other: await import('resolute'), axios });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
