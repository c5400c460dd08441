import { describe, it } from "skiff/test";
import { expect } from "skiff/assert";
import { ms, waitFor, retry } from "skiff/wait";

describe("skiff/wait", () => {
  it("parses durations", () => {
    expect(ms("250ms")).toBe(250);
    expect(ms("2s")).toBe(2000);
    expect(ms("1m")).toBe(60000);
    expect(ms(40)).toBe(40);
    expect(() => ms("soon")).toThrow(/not a duration/);
  });

  it("waits until a condition holds", async () => {
    const start = Date.now();
    const v = await waitFor(() => Date.now() - start > 150 && "done", { timeout: "5s", interval: "20ms" });
    expect(v).toBe("done");
    expect(Date.now() - start).toBeGreaterThanOrEqual(150);
  });

  it("gives up after the timeout with a message", async () => {
    await expect(waitFor(() => false, { timeout: "100ms", interval: "10ms", message: "never ready" }))
      .rejects.toThrow(/timed out after 100ms: never ready/);
  });

  it("retries with backoff", async () => {
    const waits = [];
    let calls = 0;
    const v = await retry(() => {
      if (++calls < 4) throw new Error("flaky");
      return calls;
    }, { delay: "10ms", factor: 2, onRetry: (e, i, wait) => waits.push(wait) });
    expect(v).toBe(4);
    expect(waits).toEqual([10, 20, 40]);
  });

  it("rethrows after the last attempt", async () => {
    await expect(retry(() => { throw new Error("down"); }, { attempts: 2, delay: 1 })).rejects.toThrow(/down/);
  });
});
