// Preloaded with --import (not timed): records every module URL the run loads into the file named by
// FLOWGUARD_BENCH_TRACE, so the benchmark can list what a one-template run loads that it need not.
import { register } from 'node:module';

const target = process.env['FLOWGUARD_BENCH_TRACE'];
if (target) register('./trace-hooks.mjs', import.meta.url, { data: { target } });
