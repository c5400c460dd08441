import { describe, it } from "skiff/test";
import { expect } from "skiff/assert";
import { probe, Stats, percentile } from "skiff/http";

describe("skiff/http", () => {
  it("computes percentiles", () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(xs, 50)).toBe(50);
    expect(percentile(xs, 99)).toBe(99);
    expect(percentile([], 99)).toBe(0);
  });

  it("accounts success rate and latency", () => {
    const s = new Stats();
    s.record(true, 10);
    s.record(true, 20);
    s.record(false, 30, "status 503");
    s.record(true, 40);
    const sum = s.summary();
    expect(sum.total).toBe(4);
    expect(sum.successRate).toBe(0.75);
    expect(sum.max).toBe(40);
    expect(sum.errors).toEqual({ "status 503": 1 });
  });

  it("probes any async check for a number of rounds", async () => {
    let n = 0;
    const p = probe(async () => ++n % 2 === 0);
    const sum = await p.run({ count: 6, interval: 1 });
    expect(sum.total).toBe(6);
    expect(sum.successRate).toBe(0.5);
  });

  it("counts a refused connection as a failure, not a crash", async () => {
    const p = probe("http://127.0.0.1:9/", { timeout: "1s" });
    expect(await p.once()).toBe(false);
    expect(p.stats.failed).toBe(1);
  });
});
