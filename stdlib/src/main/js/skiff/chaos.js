// skiff/chaos: chaos scenarios in JS, run by the same Java runner as `skiff chaos run FILE`.
//
//   import { scenario, podKill, wait, httpProbe, podsProbe, probe } from "skiff/chaos";
//   const journal = await scenario({
//     title: "web survives losing 2 of 3 replicas",
//     hypothesis: [httpProbe("web answers", "svc/web/", { rate: 50, duration: "1s", tolerance: [0.99, 1], continuous: true })],
//     method: [podKill({ selector: "app=web", mode: "fixed", value: 2 }), wait("10s")],
//     rollbacks: [],
//   }).run();
//
// Steps are plain objects in Chaos Toolkit's shape; probe(name, fn, tolerance) wraps a JS predicate.

// a Chaos Mesh selector object has one of these; any other object is a map of labels
const SELECTOR_FIELDS = ["namespaces", "labelSelectors", "expressionSelectors", "pods", "nodes", "nodeSelectors"];

const asSelector = (sel) => {
  if (sel == null) return undefined;
  if (typeof sel !== "string") return SELECTOR_FIELDS.some((f) => sel[f] != null) ? sel : { labelSelectors: sel };
  const labelSelectors = {};
  for (const part of sel.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = part.split("=");
    if (v == null) throw new Error(`selector "${sel}": use key=value[,key=value], or a Chaos Mesh selector object`);
    labelSelectors[k.trim()] = v.trim();
  }
  return { labelSelectors };
};

const durationText = (d) => (typeof d === "number" ? `${d}ms` : String(d));

/** A fault step: type is pod-kill, container-kill, pod-failure, node-down, node-drain, network-delay, … or stress. */
export function fault(type, { name, selector, mode = "one", value, duration, pauses, namespace, ...spec } = {}) {
  const provider = { type, ...spec, mode };
  const sel = asSelector(selector);
  if (sel) provider.selector = sel;
  if (value != null) provider.value = String(value);
  if (duration != null) provider.duration = durationText(duration);
  if (namespace != null) provider.namespace = namespace;
  const step = { type: "action", name: name ?? type, provider };
  if (pauses) step.pauses = pauses;
  return step;
}

export const podKill = (opts) => fault("pod-kill", opts);
export const containerKill = (opts) => fault("container-kill", opts);
export const podFailure = (opts) => fault("pod-failure", opts);
export const nodeDown = (opts) => fault("node-down", opts);
export const nodeDrain = (opts) => fault("node-drain", opts);
export const networkDelay = (opts) => fault("network-delay", opts);
export const networkLoss = (opts) => fault("network-loss", opts);
export const networkPartition = (opts) => fault("network-partition", opts);
export const networkReset = (opts) => fault("network-reset", opts);
export const networkBandwidth = (opts) => fault("network-bandwidth", opts);
export const stress = (opts) => fault("stress", opts);

/** Pauses the method. */
export const wait = (duration, name) => ({ type: "wait", name: name ?? `wait ${durationText(duration)}`, duration: durationText(duration) });

function probeStep(name, provider, { tolerance, within, continuous, weight, failAfter, period } = {}) {
  const p = { type: "probe", name, provider };
  if (tolerance !== undefined) p.tolerance = tolerance;
  if (within != null) p.within = durationText(within);
  if (continuous) p.continuous = { period: durationText(period ?? "1s"), failAfter: failAfter ?? 3 };
  if (weight != null) p.weight = weight;
  return p;
}

/** GETs target (URL or svc/NAME[:PORT]/path) rate/s for duration; value = success ratio. */
export function httpProbe(name, target, { rate, duration, timeout, expect, namespace, tolerance = [0.95, 1.0], ...rest } = {}) {
  const provider = { type: "http", url: target };
  if (rate != null) provider.rate = rate;
  if (duration != null) provider.duration = durationText(duration);
  if (timeout != null) provider.timeout = durationText(timeout);
  if (expect != null) provider.expect = expect;
  if (namespace != null) provider.namespace = namespace;
  return probeStep(name, provider, { tolerance, ...rest });
}

/** How many live (ready: true → Ready) pods a selector matches. */
export function podsProbe(name, selector, { ready = false, namespace, tolerance, ...rest } = {}) {
  const provider = { type: "pods", selector, ready };
  if (namespace != null) provider.namespace = namespace;
  return probeStep(name, provider, { tolerance, ...rest });
}

/** Runs a command on this machine; value = {status, stdout}. */
export const processProbe = (name, command, { timeout, tolerance = 0, ...rest } = {}) =>
  probeStep(name, timeout == null ? { type: "process", command } : { type: "process", command, timeout: durationText(timeout) },
    { tolerance, ...rest });

/** An action step running a command on this machine (e.g. scaling back in rollbacks). */
export const processAction = (name, command, { timeout, pauses } = {}) => {
  const step = { type: "action", name, provider: { type: "process", command } };
  if (timeout != null) step.provider.timeout = durationText(timeout);
  if (pauses) step.pauses = pauses;
  return step;
};

const predicates = Symbol("predicates");

/** A JS predicate (may be async); tolerance defaults to true. */
export function probe(name, fn, opts = {}) {
  const p = probeStep(name, { type: "js", name }, { tolerance: true, ...opts });
  Object.defineProperty(p, predicates, { value: fn });
  return p;
}

/** scenario({title, description, hypothesis, method, rollbacks}).run() → Promise of the journal. */
export function scenario({ title, description, hypothesis = [], method = [], rollbacks = [], quiet = false }) {
  const fns = [];
  const wire = (step) => {
    if (step && step[predicates]) {
      fns.push(step[predicates]);
      return { ...step, provider: { ...step.provider, ref: fns.length - 1 } };
    }
    return step;
  };
  const spec = {
    title,
    "steady-state-hypothesis": { title: `${title}: steady state`, probes: hypothesis.map(wire) },
    method: method.map(wire),
    rollbacks: rollbacks.map(wire),
  };
  if (description != null) spec.description = description;
  return {
    spec,
    run: () => globalThis.__skiffChaos.run(spec, fns, (line) => { if (!quiet) console.log(line); }),
  };
}
