import { describe, it } from "skiff/test";
import { expect, assert, AssertionError } from "skiff/assert";

describe("expect", () => {
  it("compares with toBe and toEqual", () => {
    expect(1 + 1).toBe(2);
    expect({ a: [1, { b: 2 }] }).toEqual({ a: [1, { b: 2 }] });
    expect({ a: 1 }).not.toEqual({ a: 2 });
  });

  it("compares numbers", () => {
    expect(5).toBeGreaterThan(4);
    expect(5).toBeLessThanOrEqual(5);
    expect(103).toBeWithin(100, 5);
    expect(0.5).toBeWithin([0, 1]);
    expect(() => expect(120).toBeWithin(100, 5)).toThrow(/within \[95, 105\]/);
  });

  it("checks contents", () => {
    expect([1, 2, 3]).toContain(2);
    expect("hello").toMatch(/ell/);
    expect({ metadata: { name: "web" } }).toHaveProperty("metadata.name", "web");
    expect([1, 2]).toHaveLength(2);
  });

  it("says what differed", () => {
    let message = null;
    try {
      expect("a").toBe("b");
    } catch (e) {
      message = e.message;
      expect(e instanceof AssertionError).toBe(true);
    }
    expect(message).toBe('expected "a" to be "b"');
  });

  it("awaits rejections", async () => {
    await expect(Promise.reject(new Error("boom"))).rejects.toThrow(/boom/);
    assert(true);
  });
});
