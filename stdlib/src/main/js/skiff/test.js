// skiff/test: describe/it for JS tests, run by `skiff test DIR`. Tests may be async; hooks
// beforeEach/afterEach run around each test of their describe block (and nested ones).

const root = { name: "", tests: [], children: [], before: [], after: [], parent: null };
let current = root;

export function describe(name, body) {
  const block = { name, tests: [], children: [], before: [], after: [], parent: current };
  current.children.push(block);
  const outer = current;
  current = block;
  try {
    body();
  } finally {
    current = outer;
  }
}

export function it(name, fn, { timeout = 30000 } = {}) {
  current.tests.push({ name, fn, timeout });
}
export const test = it;
export const beforeEach = (fn) => current.before.push(fn);
export const afterEach = (fn) => current.after.push(fn);

function hooks(block, kind) {
  const chain = [];
  for (let b = block; b; b = b.parent) chain.unshift(...b[kind]);
  return kind === "after" ? chain.reverse() : chain;
}

function withTimeout(promise, ms, name) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`"${name}" timed out after ${ms}ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runBlock(block, depth, out, results) {
  const pad = "  ".repeat(depth);
  if (block.name) out(pad + block.name);
  for (const t of block.tests) {
    const start = Date.now();
    try {
      for (const h of hooks(block, "before")) await h();
      await withTimeout(Promise.resolve().then(() => t.fn()), t.timeout, t.name);
      for (const h of hooks(block, "after")) await h();
      results.passed++;
      out(`${pad}  ✓ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      results.failed++;
      out(`${pad}  ✗ ${t.name}`);
      const text = (e && e.stack) || String(e);
      out(text.split("\n").map((l) => `${pad}      ${l}`).join("\n"));
    }
  }
  for (const c of block.children) await runBlock(c, depth + (block.name ? 1 : 0), out, results);
}

/** Runs everything registered so far, then forgets it (the next file starts clean). */
export async function run(out = (line) => console.log(line)) {
  const results = { passed: 0, failed: 0 };
  await runBlock(root, 0, out, results);
  root.tests = [];
  root.children = [];
  root.before = [];
  root.after = [];
  return results;
}
