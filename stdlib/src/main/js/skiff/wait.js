// skiff/wait: wait for a condition, retry with backoff. Times accept 500, "500ms", "10s", "2m".

export function ms(d) {
  if (typeof d === "number") return d;
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(String(d).trim());
  if (!m) throw new Error(`not a duration: "${d}" (try 500, "500ms", "10s", "2m")`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60000, h: 3600000 }[m[2] || "ms"];
}

export const sleep = (d) => globalThis.sleep(ms(d));

/**
 * Resolves with the predicate's first truthy value; rejects after `timeout` (default 30s) with
 * `message` (or the predicate's last error). The predicate may be async.
 */
export async function waitFor(predicate, { timeout = "30s", interval = "250ms", message } = {}) {
  const deadline = Date.now() + ms(timeout);
  let lastError = null;
  for (;;) {
    try {
      const v = await predicate();
      if (v) return v;
      lastError = null;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() >= deadline) {
      const why = message || (lastError ? lastError.message : "the condition never held");
      throw new Error(`waitFor timed out after ${timeout}: ${why}`);
    }
    await sleep(Math.min(ms(interval), Math.max(1, deadline - Date.now())));
  }
}

/**
 * Calls fn until it returns without throwing: up to `attempts` times (default 5), waiting
 * `delay` (default 100ms) after the first failure, multiplied by `factor` (default 2) each time,
 * capped at `maxDelay`. Rethrows the last error.
 */
export async function retry(fn, { attempts = 5, delay = "100ms", factor = 2, maxDelay = "10s", onRetry } = {}) {
  let wait = ms(delay);
  for (let i = 1; ; i++) {
    try {
      return await fn(i);
    } catch (e) {
      if (i >= attempts) throw e;
      if (onRetry) onRetry(e, i, wait);
      await sleep(wait);
      wait = Math.min(wait * factor, ms(maxDelay));
    }
  }
}
