// Deterministic pseudo-random numbers (mulberry32), so every run of the benchmark lints the same bytes.

export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    hex: (n) => {
      let s = '';
      for (let i = 0; i < n; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
  };
}

export const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-2'];
export const TEAMS = ['payments', 'search', 'identity', 'ledger', 'media', 'edge', 'data', 'ml', 'platform', 'billing'];
export const SERVICES = ['api', 'worker', 'ingest', 'export', 'scheduler', 'gateway', 'indexer', 'notifier', 'auth', 'reports'];
