// ES module TypeScript (module nodenext, "type": "module"), with the lowest axios of resolute's peer range.
import { createRequire } from 'node:module';
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
  await runChecks({ name: 'esm-ts', resolute, testing, other: createRequire(import.meta.url)('resolute'), axios });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
