// skiff/http: probes that count. probe(target).run({duration, interval}) sends GETs and reports
// how many succeeded and how long they took (p50/p95/p99/max) — the numbers a steady-state
// hypothesis is checked against.

import { ms } from "skiff/wait";

export const get = (target, opts) => globalThis.http.get(target, opts);

export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Latency and success accounting for any async check. */
export class Stats {
  constructor() {
    this.ok = 0;
    this.failed = 0;
    this.latencies = [];
    this.errors = {};
  }
  record(okay, latencyMs, error) {
    if (okay) this.ok++;
    else {
      this.failed++;
      const key = error || "failed";
      this.errors[key] = (this.errors[key] || 0) + 1;
    }
    if (latencyMs != null) this.latencies.push(latencyMs);
  }
  get total() {
    return this.ok + this.failed;
  }
  get successRate() {
    return this.total === 0 ? 0 : this.ok / this.total;
  }
  summary() {
    const s = [...this.latencies].sort((a, b) => a - b);
    return {
      total: this.total,
      ok: this.ok,
      failed: this.failed,
      successRate: this.successRate,
      p50: percentile(s, 50),
      p95: percentile(s, 95),
      p99: percentile(s, 99),
      max: s.length ? s[s.length - 1] : 0,
      errors: { ...this.errors },
    };
  }
}

/**
 * probe("svc/web/healthz", {expect: 200, timeout: "2s"}): .once() checks one request,
 * .run({duration: "10s", interval: "200ms"}) keeps checking and resolves with the summary.
 * `check` may be any async function instead of a URL.
 */
export function probe(target, { expect = (r) => r.status >= 200 && r.status < 400, timeout = "2s", getter = get } = {}) {
  const stats = new Stats();
  const accept = typeof expect === "number" ? (r) => r.status === expect : expect;
  const once = async () => {
    const start = Date.now();
    try {
      const r = typeof target === "function" ? await target() : await getter(target, { timeout: ms(timeout) });
      const okay = typeof target === "function" ? !!r : accept(r);
      stats.record(okay, r && r.ms != null ? r.ms : Date.now() - start, okay ? null : `status ${r && r.status}`);
      return okay;
    } catch (e) {
      stats.record(false, Date.now() - start, e.message);
      return false;
    }
  };
  return {
    stats,
    once,
    async run({ duration = "10s", interval = "200ms", count } = {}) {
      const end = Date.now() + ms(duration);
      let n = 0;
      while ((count != null ? n < count : Date.now() < end)) {
        await once();
        n++;
        await globalThis.sleep(ms(interval));
      }
      return stats.summary();
    },
  };
}
