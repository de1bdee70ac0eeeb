// TypeScript for a bundler (moduleResolution "bundler"), bundled by esbuild into one ES module that runs in Node.
// Inside a bundle there is no second module system to compare with: the one-instance check is the other fixtures'.
import axios from 'axios';
import * as resolute from 'resolute';
import * as testing from 'resolute/testing';
import { runChecks } from './shared/checks.cjs';
import { typedChecks } from './shared/typed.js';

const sim = await testing.startSimulator({ dialect: 'orderly' });
try {
  await typedChecks(sim);
} finally {
  await sim.close();
}
await runChecks({ name: 'ts-bundler', resolute, testing, axios });
