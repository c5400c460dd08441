import { describe, it, beforeEach, afterEach } from "skiff/test";
import { expect } from "skiff/assert";

const log = [];
describe("the test runner", () => {
  beforeEach(() => log.push("before"));
  afterEach(() => log.push("after"));

  it("runs hooks around each test", () => {
    expect(log).toEqual(["before"]);
  });

  it("awaits async tests", async () => {
    await sleep(10);
    expect(log).toEqual(["before", "after", "before"]);
  });

  describe("nested", () => {
    it("inherits the outer hooks", () => {
      expect(log.slice(-1)).toEqual(["before"]);
    });
  });
});

describe("the script API", () => {
  it("has timers and sleep", async () => {
    const start = Date.now();
    await sleep("50ms");
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
    const ticks = await new Promise((resolve) => {
      let n = 0;
      const h = every(10, () => {
        if (++n === 3) {
          h.stop();
          resolve(n);
        }
      });
    });
    expect(ticks).toBe(3);
  });

  it("waits with waitFor", async () => {
    let n = 0;
    expect(await waitFor(() => ++n >= 3 && n, { interval: 5 })).toBe(3);
    await expect(waitFor(() => false, { timeout: "50ms", interval: "10ms", message: "never" }))
      .rejects.toThrow(/waitFor timed out after 50ms: never/);
  });

  it("keeps host IO off without --allow-host-io", () => {
    expect(() => os.readFile("/etc/passwd")).toThrow(/--allow-host-io/);
  });

  it("cannot look up Java classes", () => {
    expect(() => Java.type("java.io.File")).toThrow();
  });
});
