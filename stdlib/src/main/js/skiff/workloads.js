// skiff/workloads: Deployment and Service objects in Kubernetes' shape, from a few options.
// deployment("web", {image: "nginx:1.27", replicas: 3, ports: [80]}) or, as a builder,
// Deployment("web").image("nginx:1.27").replicas(3).port(80).build().

const asList = (x) => (x == null ? [] : Array.isArray(x) ? x : [x]);

function containerPorts(ports) {
  return asList(ports).map((p, i) =>
    typeof p === "number" ? { name: i === 0 ? "http" : `p${p}`, containerPort: p } : { ...p });
}

function envList(env) {
  if (env == null) return undefined;
  if (Array.isArray(env)) return env;
  return Object.entries(env).map(([name, value]) => ({ name, value: String(value) }));
}

function resources(opts) {
  if (opts.cpu == null && opts.memory == null) return undefined;
  const amounts = {};
  if (opts.cpu != null) amounts.cpu = String(opts.cpu);
  if (opts.memory != null) amounts.memory = String(opts.memory);
  return { requests: { ...amounts }, limits: { ...amounts } };
}

/** A Deployment whose pods carry the label app=NAME (plus opts.labels). */
export function deployment(name, opts = {}) {
  if (!name) throw new Error("deployment needs a name");
  if (opts.image == null && opts.command == null) {
    throw new Error(`deployment ${name} needs an image (e.g. {image: "busybox:1"}) or a command (run by the process runtime)`);
  }
  const labels = { app: name, ...(opts.labels || {}) };
  const container = { name: opts.container || "main" };
  if (opts.image != null) container.image = opts.image;
  if (opts.command != null) container.command = typeof opts.command === "string" ? ["sh", "-c", opts.command] : opts.command;
  if (opts.args != null) container.args = opts.args;
  const ports = containerPorts(opts.ports ?? opts.port);
  if (ports.length) container.ports = ports;
  const env = envList(opts.env);
  if (env) container.env = env;
  const res = resources(opts);
  if (res) container.resources = res;
  if (opts.readiness) container.readinessProbe = opts.readiness;
  if (opts.liveness) container.livenessProbe = opts.liveness;
  const meta = { name, labels };
  if (opts.namespace) meta.namespace = opts.namespace;
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: meta,
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels }, spec: { containers: [container] } },
    },
  };
}

/** A Service selecting app=NAME; port is what clients use, targetPort what the pods listen on. */
export function service(name, opts = {}) {
  const port = opts.port ?? 80;
  const spec = {
    selector: opts.selector || { app: name },
    ports: [{ name: "http", port, targetPort: opts.targetPort ?? port, protocol: "TCP" }],
  };
  if (opts.type) spec.type = opts.type;
  if (opts.nodePort) spec.ports[0].nodePort = opts.nodePort;
  const meta = { name };
  if (opts.namespace) meta.namespace = opts.namespace;
  return { apiVersion: "v1", kind: "Service", metadata: meta, spec };
}

class DeploymentBuilder {
  constructor(name) {
    this.name = name;
    this.opts = {};
  }
  image(i) { this.opts.image = i; return this; }
  command(...c) { this.opts.command = c.length === 1 ? c[0] : c; return this; }
  replicas(n) { this.opts.replicas = n; return this; }
  cpu(q) { this.opts.cpu = q; return this; }
  memory(q) { this.opts.memory = q; return this; }
  port(p) { this.opts.ports = [...asList(this.opts.ports), p]; return this; }
  env(name, value) { this.opts.env = { ...(this.opts.env || {}), [name]: value }; return this; }
  label(key, value) { this.opts.labels = { ...(this.opts.labels || {}), [key]: value }; return this; }
  namespace(ns) { this.opts.namespace = ns; return this; }
  build() { return deployment(this.name, this.opts); }
}

class ServiceBuilder {
  constructor(name) {
    this.name = name;
    this.opts = {};
  }
  port(p, targetPort) { this.opts.port = p; if (targetPort != null) this.opts.targetPort = targetPort; return this; }
  type(t) { this.opts.type = t; return this; }
  selector(s) { this.opts.selector = s; return this; }
  namespace(ns) { this.opts.namespace = ns; return this; }
  build() { return service(this.name, this.opts); }
}

export const Deployment = (name) => new DeploymentBuilder(name);
export const Service = (name) => new ServiceBuilder(name);
