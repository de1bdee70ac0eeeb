// ES module JavaScript, with the newest axios.
import { createRequire } from 'node:module';
import axios from 'axios';
import * as resolute from 'resolute';
import * as testing from 'resolute/testing';
import checks from './shared/checks.cjs';

const other = createRequire(import.meta.url)('resolute');
await checks.runChecks({ name: 'esm-js', resolute, testing, other, axios });
