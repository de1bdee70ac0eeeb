// CommonJS JavaScript, with the lowest axios resolute's peer range allows.
const axios = require('axios');
const resolute = require('resolute');
const testing = require('resolute/testing');
const { runChecks } = require('./shared/checks.cjs');

import('resolute')
  .then((other) => runChecks({ name: 'cjs-js', resolute, testing, other, axios }))
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
