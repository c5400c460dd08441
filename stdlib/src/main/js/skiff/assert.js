// skiff/assert: expect(actual).toBe(expected) and friends. A failed expectation throws an
// AssertionError whose message says what was expected and what came instead.

export class AssertionError extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError";
  }
}

const show = (v) => {
  if (typeof v === "string") return JSON.stringify(v);
  if (v === undefined) return "undefined";
  try {
    return JSON.stringify(v);
  } catch (e) {
    return String(v);
  }
};

export function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual(a[k], b[k]));
}

function matcher(actual, negated) {
  const check = (ok, message) => {
    if (ok === negated) throw new AssertionError(negated ? `not: ${message}` : message);
  };
  const m = {
    toBe: (e) => check(Object.is(actual, e), `expected ${show(actual)} to be ${show(e)}`),
    toEqual: (e) => check(deepEqual(actual, e), `expected ${show(actual)} to equal ${show(e)}`),
    toBeTruthy: () => check(!!actual, `expected ${show(actual)} to be truthy`),
    toBeFalsy: () => check(!actual, `expected ${show(actual)} to be falsy`),
    toBeNull: () => check(actual === null, `expected ${show(actual)} to be null`),
    toBeDefined: () => check(actual !== undefined, `expected a value, got undefined`),
    toBeGreaterThan: (n) => check(actual > n, `expected ${show(actual)} to be greater than ${show(n)}`),
    toBeGreaterThanOrEqual: (n) => check(actual >= n, `expected ${show(actual)} to be at least ${show(n)}`),
    toBeLessThan: (n) => check(actual < n, `expected ${show(actual)} to be less than ${show(n)}`),
    toBeLessThanOrEqual: (n) => check(actual <= n, `expected ${show(actual)} to be at most ${show(n)}`),
    /** within [lo, hi] inclusive, or within `tolerance` of a target: toBeWithin(100, 5). */
    toBeWithin: (a, b) => {
      const [lo, hi] = Array.isArray(a) ? a : [a - b, a + b];
      check(actual >= lo && actual <= hi, `expected ${show(actual)} to be within [${lo}, ${hi}]`);
    },
    toContain: (x) => check(
      typeof actual === "string" ? actual.includes(x) : Array.from(actual || []).some((y) => deepEqual(y, x)),
      `expected ${show(actual)} to contain ${show(x)}`),
    toHaveLength: (n) => check(actual != null && actual.length === n,
      `expected length ${n}, got ${actual == null ? actual : actual.length}`),
    toMatch: (re) => check(new RegExp(re).test(String(actual)), `expected ${show(actual)} to match ${re}`),
    toHaveProperty: (path, value) => {
      let v = actual;
      for (const k of String(path).split(".")) v = v == null ? undefined : v[k];
      check(v !== undefined && (value === undefined || deepEqual(v, value)),
        `expected ${show(actual)} to have ${path}${value === undefined ? "" : " = " + show(value)}`);
    },
    toThrow: (pattern) => {
      let threw = null;
      try {
        actual();
      } catch (e) {
        threw = e;
      }
      const ok = threw !== null && (pattern == null || new RegExp(pattern).test(String(threw && threw.message)));
      check(ok, threw === null ? "expected the function to throw" : `expected an error matching ${pattern}, got "${threw.message}"`);
    },
  };
  return m;
}

/** expect(x).toBe(y); expect(x).not.toBe(y); await expect(promise).rejects.toThrow(/boom/). */
export function expect(actual) {
  const m = matcher(actual, false);
  m.not = matcher(actual, true);
  m.rejects = {
    toThrow: async (pattern) => {
      try {
        await actual;
      } catch (e) {
        if (pattern == null || new RegExp(pattern).test(String(e && e.message))) return;
        throw new AssertionError(`expected a rejection matching ${pattern}, got "${e && e.message}"`);
      }
      throw new AssertionError("expected the promise to reject");
    },
  };
  return m;
}

/** assert(condition, message) for the plain cases. */
export function assert(condition, message = "assertion failed") {
  if (!condition) throw new AssertionError(message);
}
