// Fallback when /usr/bin/time is missing: preloaded with --import, writes the process's peak RSS (KiB)
// and CPU seconds (user, system) to the file named by FLOWGUARD_BENCH_RSS when the process exits.
import { writeFileSync } from 'node:fs';

const target = process.env['FLOWGUARD_BENCH_RSS'];
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(target, `${usage.maxRSS} ${usage.userCPUTime / 1e6} ${usage.systemCPUTime / 1e6}`);
  });
}
