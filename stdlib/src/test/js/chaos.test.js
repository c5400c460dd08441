import { describe, it } from "skiff/test";
import { expect } from "skiff/assert";
import { scenario, podKill, wait, httpProbe, podsProbe, probe, stress, networkReset, networkBandwidth, processAction } from "skiff/chaos";

describe("skiff/chaos", () => {
  it("builds Chaos Toolkit's shape with Skiff's providers", () => {
    const s = scenario({
      title: "t",
      hypothesis: [httpProbe("answers", "svc/web/", { rate: 50, duration: "1s", tolerance: [0.99, 1], continuous: true, failAfter: 2 })],
      method: [podKill({ selector: "app=web", mode: "fixed", value: 2, gracePeriod: 0 }), wait("10s")],
      rollbacks: [],
    }).spec;
    const p = s["steady-state-hypothesis"].probes[0];
    expect(p).toEqual({ type: "probe", name: "answers", provider: { type: "http", url: "svc/web/", rate: 50, duration: "1s" },
      tolerance: [0.99, 1], continuous: { period: "1s", failAfter: 2 } });
    expect(s.method[0]).toEqual({ type: "action", name: "pod-kill",
      provider: { type: "pod-kill", gracePeriod: 0, mode: "fixed", selector: { labelSelectors: { app: "web" } }, value: "2" } });
    expect(s.method[1]).toEqual({ type: "wait", name: "wait 10s", duration: "10s" });
  });

  it("keeps Chaos Mesh selector objects of any field, and has a step for every fault type and process actions", () => {
    expect(stress({ selector: { nodeSelectors: { zone: "a" } }, stressors: { cpu: { workers: 1 } } }).provider.selector)
      .toEqual({ nodeSelectors: { zone: "a" } });
    expect(podKill({ selector: { expressionSelectors: [{ key: "app", operator: "In", values: ["web"] }] } }).provider.selector)
      .toEqual({ expressionSelectors: [{ key: "app", operator: "In", values: ["web"] }] });
    expect(podKill({ selector: { app: "web" } }).provider.selector).toEqual({ labelSelectors: { app: "web" } });
    expect(networkReset({ selector: "app=web", reset: { reset: "50" } }).provider.type).toEqual("network-reset");
    expect(networkBandwidth({ selector: "app=web", bandwidth: { rate: "1mbps" } }).provider.type).toEqual("network-bandwidth");
    expect(processAction("scale back", "skiff scale deploy/web --replicas 3", { timeout: "30s" })).toEqual({ type: "action",
      name: "scale back", provider: { type: "process", command: "skiff scale deploy/web --replicas 3", timeout: "30s" } });
  });

  it("wires JS predicates by index", () => {
    const s = scenario({ title: "t", hypothesis: [podsProbe("n", "app=web", { tolerance: 3 }), probe("custom", () => true)] }).spec;
    expect(s["steady-state-hypothesis"].probes[1].provider).toEqual({ type: "js", name: "custom", ref: 0 });
  });
});
