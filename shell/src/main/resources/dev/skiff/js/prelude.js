// The script API on top of the Java host object (__host). Runs once per session, before any user
// code; __host is removed from the globals, so only these wrappers can reach it.
(function (host) {
  "use strict";
  const g = globalThis;
  delete g.__host;

  // Stacks name the caller's file:line; this file's own frames would only be noise.
  const ours = (stack) => stack.split("\n").filter((line) => !line.includes("skiff:prelude.js")).join("\n");
  // A Java failure becomes a JS Error thrown here, so its stack names the script's file:line.
  const call = (fn) => {
    try {
      return fn();
    } catch (e) {
      const m = host.messageOf(e);
      if (m == null) throw e;
      const error = new Error(m);
      error.stack = ours(error.stack);
      throw error;
    }
  };
  // A Java promise as a JS one; a rejection keeps the stack of the call that started it.
  const later = (start) => {
    const origin = new Error("pending");
    return new Promise((resolve, reject) => {
      const p = call(start);
      p.then(resolve, (message) => {
        origin.message = message;
        origin.stack = ours("Error: " + message + origin.stack.slice(origin.stack.indexOf("\n")));
        reject(origin);
      });
    });
  };
  const parse = (s) => (s == null ? null : JSON.parse(s));
  // durations and waitFor are skiff/wait's; loaded (from the jar) before any user code runs
  let wait = null;
  import("skiff/wait").then((m) => (wait = m));
  const ms = (d) => wait.ms(d);
  const selectorText = (sel) =>
    sel == null ? "" : typeof sel === "string" ? sel : Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(",");
  const hidden = (obj, name, value) => Object.defineProperty(obj, name, { value, enumerable: false, configurable: true });
  const nsOf = (opts) => (opts && opts.namespace != null ? String(opts.namespace) : null);

  const cluster = {
    /** Creates or updates objects (a JS object, an array of them, or YAML/JSON text). */
    apply(objects, opts = {}) {
      const many = Array.isArray(objects);
      const text = typeof objects === "string" ? objects : JSON.stringify(many ? objects : [objects]);
      const out = parse(call(() => host.apply(text, nsOf(opts)))).map((o) => o.object);
      return many || (typeof objects === "string" && out.length !== 1) ? out : out[0];
    },
    /** The object, or null when there is none. */
    get(kind, name, opts = {}) {
      return live(kind, parse(call(() => host.get(String(kind), String(name), nsOf(opts)))));
    },
    /** Objects of a kind; {selector: {app: "web"} | "app=web", namespace: "ns" | "*"}. */
    list(kind, opts = {}) {
      return collection(kind, parse(call(() => host.list(String(kind), nsOf(opts), selectorText(opts.selector)))));
    },
    /** Deletes; {grace: seconds} for pods. Returns the deleted object, or null when there was none. */
    delete(kind, name, opts = {}) {
      return parse(call(() => host.delete(String(kind), String(name), nsOf(opts), opts.grace == null ? -1 : Number(opts.grace))));
    },
    scale(kind, name, replicas, opts = {}) {
      return parse(call(() => host.scale(String(kind), String(name), nsOf(opts), replicas | 0)));
    },
    /** callback({type: ADDED|MODIFIED|DELETED, object}) for what exists and every change; returns {stop()}. */
    watch(kind, opts, callback) {
      if (typeof opts === "function") [opts, callback] = [{}, opts];
      const handle = call(() => host.watch(String(kind), nsOf(opts), selectorText(opts && opts.selector),
        (type, json) => callback({ type, object: JSON.parse(json) })));
      return { stop: () => void handle.stop() };
    },
    /** Promise of the log text of a pod's container: {tail: N, container: "c", namespace}. */
    logs(pod, opts = {}) {
      return later(() => host.podLogs(podName(pod), nsOf(opts) ?? podNs(pod), opts.container == null ? null : String(opts.container),
        opts.tail == null ? -1 : Number(opts.tail)));
    },
    /** Promise of {exitCode, stdout, stderr}: cmd is "sh -c" text or an argv array; {container, timeout, namespace}. */
    exec(pod, cmd, opts = {}) {
      const argv = Array.isArray(cmd) ? cmd.map(String) : ["sh", "-c", String(cmd)];
      return later(() => host.podExec(podName(pod), nsOf(opts) ?? podNs(pod), opts.container == null ? null : String(opts.container),
        JSON.stringify(argv), opts.timeout == null ? -1 : ms(opts.timeout))).then(parse);
    },
    get namespace() {
      return host.namespace();
    },
  };
  // A pod given by name ("web-1", "pod/web-1") or as an object from pods() / cluster.get().
  const podName = (pod) => (typeof pod === "object" && pod !== null ? pod.metadata.name : String(pod).replace(/^pods?\//, ""));
  const podNs = (pod) => (typeof pod === "object" && pod !== null && pod.metadata.namespace ? pod.metadata.namespace : null);

  // Objects from the cluster with a few verbs attached (not enumerable: JSON stays Kubernetes' shape).
  function live(kind, obj) {
    if (obj == null || typeof obj !== "object") return obj;
    const ref = { namespace: obj.metadata && obj.metadata.namespace };
    hidden(obj, "reload", () => cluster.get(kind, obj.metadata.name, ref));
    hidden(obj, "delete", (opts = {}) => cluster.delete(kind, obj.metadata.name, { ...ref, ...opts }));
    if (String(obj.kind) === "Node") hidden(obj, "kill", (opts) => collection("nodes", [obj]).kill(opts));
    if (String(obj.kind) === "Pod") hidden(obj, "kill", (opts = {}) => cluster.delete("pods", obj.metadata.name, { ...ref, grace: 0, ...opts }));
    return obj;
  }

  function collection(kind, items) {
    items.forEach((o) => live(kind, o));
    hidden(items, "names", () => items.map((o) => o.metadata.name));
    hidden(items, "random", (n) => {
      const pool = [...items];
      for (let i = pool.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [pool[i], pool[j]] = [pool[j], pool[i]];
      }
      return n == null ? pool[0] : collection(kind, pool.slice(0, n));
    });
    // nodes(sel).kill({for: "30s"}): one node-down fault on these nodes, held by this session
    if (/^(nodes?|no)$/i.test(String(kind))) {
      hidden(items, "kill", (opts = {}) => parse(call(() => host.killNodes(JSON.stringify(items.map((o) => o.metadata.name)),
        opts.for == null ? null : typeof opts.for === "number" ? `${opts.for}ms` : String(opts.for)))));
    } else if (items.every((o) => String(o.kind) === "Pod")) hidden(items, "kill", (opts) => items.map((o) => o.kill(opts)));
    return items;
  }

  let workloads = null;
  import("skiff/workloads").then((m) => (workloads = m));

  g.cluster = cluster;
  g.pods = (selector, opts = {}) => cluster.list("pods", { ...opts, selector });
  g.nodes = (selector, opts = {}) => cluster.list("nodes", { ...opts, selector });
  /** deploy("web", {image | command, replicas, cpu, memory, ports, env, labels}); pods get app=web. */
  g.deploy = (name, opts = {}) => cluster.apply(workloads.deployment(name, opts), opts);
  /** expose("web", {port, targetPort, type}): a Service selecting app=web. */
  g.expose = (name, opts = {}) => cluster.apply(workloads.service(name, opts), opts);

  g.http = {
    /** GET a URL or "svc/NAME[:PORT]/path"; resolves to {status, ok, body, headers, ms, json()}. */
    async get(target, opts = {}) {
      let url = String(target);
      const svc = /^svc\/([^/:]+)(?::([^/]+))?(\/.*)?$/.exec(url);
      if (svc) url = call(() => host.serviceUrl(svc[1], nsOf(opts), svc[2] ?? null)) + (svc[3] ?? "/");
      const r = JSON.parse(await later(() => host.httpGet(url, opts.timeout == null ? 10000 : ms(opts.timeout))));
      hidden(r, "json", () => JSON.parse(r.body));
      return r;
    },
  };

  // for skiff/chaos: runs a scenario on the Java runner; resolves to the journal
  hidden(g, "__skiffChaos", {
    run: async (spec, predicates, onProgress) =>
      JSON.parse(await later(() => host.runScenario(JSON.stringify(spec), predicates, onProgress))),
  });

  g.sleep = (d) => later(() => host.sleep(ms(d)));

  const timer = (d, repeat, fn, args) => {
    const h = host.timer(ms(d || 0), repeat, () => {
      try {
        const r = fn(...args);
        if (r && typeof r.then === "function") r.then(null, (e) => console.log(`error in ${repeat ? "every" : "a timer"}: ${(e && e.stack) || e}`));
      } catch (e) {
        console.log(`error in ${repeat ? "every" : "a timer"}: ${(e && e.stack) || e}`);
      }
    });
    return { stop: () => void h.stop() };
  };
  /** every("5s", fn): runs fn until the returned handle's stop(). */
  g.every = (d, fn) => timer(d, true, fn, []);
  g.setTimeout = (fn, d, ...args) => timer(d, false, fn, args);
  g.setInterval = (fn, d, ...args) => timer(d, true, fn, args);
  g.clearTimeout = g.clearInterval = (h) => h && h.stop && h.stop();

  /** Resolves with the predicate's first truthy value, or rejects after timeout (default 30s). */
  g.waitFor = (predicate, opts) => wait.waitFor(predicate, opts);

  g.args = JSON.parse(host.args());

  /** Files and processes of the host: only with --allow-host-io. */
  g.os = {
    readFile: (path) => call(() => host.readFile(String(path))),
    writeFile: (path, text) => call(() => host.writeFile(String(path), String(text))),
    exec: (...cmd) => JSON.parse(call(() => host.exec(JSON.stringify(cmd.flat().map(String))))),
  };

  // ---- for the prompt (removed from the globals by the host)

  const render = (v) => {
    if (typeof v === "string") return v;
    if (typeof v === "function") return `[Function: ${v.name || "anonymous"}]`;
    if (v instanceof Error) return v.stack || `${v.name}: ${v.message}`;
    if (v !== null && typeof v === "object" && (Array.isArray(v) || Object.getPrototypeOf(v) === Object.prototype)) {
      const seen = new WeakSet();
      try {
        return JSON.stringify(v, (k, x) => {
          if (typeof x === "object" && x !== null) {
            if (seen.has(x)) return "[Circular]";
            seen.add(x);
          }
          return typeof x === "function" ? `[Function: ${x.name || "anonymous"}]` : x;
        }, 2);
      } catch (e) {
        return String(v);
      }
    }
    return String(v);
  };
  g.__show = (v, isError) => {
    if (isError) return v instanceof Error ? (v.stack || `${v.name}: ${v.message}`) : "Uncaught " + render(v);
    return v === undefined ? "" : render(v);
  };

  const IDENT = /^[A-Za-z_$][\w$]*$/;
  // Walks data properties only: a getter or a call would run code, which completion never does.
  g.__completions = (path, prefix) => {
    let target = g;
    const parts = path.split(".").filter(Boolean);
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      let d;
      for (let o = target; o != null && !d; o = Object.getPrototypeOf(o)) d = Object.getOwnPropertyDescriptor(o, p);
      if (d && "value" in d) target = d.value;
      else if (!d && i === 0 && IDENT.test(p)) {
        try {
          target = (0, eval)(p); // a top-level let/const: reading a binding runs nothing
        } catch (e) {
          return [];
        }
      } else return [];
      if (target == null) return [];
      if (typeof target !== "object" && typeof target !== "function") target = Object(target);
    }
    const names = new Set();
    for (let o = target, depth = 0; o != null && depth < 6; o = Object.getPrototypeOf(o), depth++) {
      if (o === Object.prototype && target !== Object.prototype && depth > 0) break;
      for (const k of Object.getOwnPropertyNames(o)) {
        if (k.startsWith(prefix) && !k.startsWith("__") && k !== "constructor" && IDENT.test(k)) names.add(k);
      }
    }
    return [...names];
  };
})(globalThis.__host);
