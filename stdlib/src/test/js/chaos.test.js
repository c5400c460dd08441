import { describe, it } from "skiff/test";
import { expect } from "skiff/assert";
import { scenario, podKill, wait, httpProbe, podsProbe, probe } from "skiff/chaos";

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

  it("wires JS predicates by index", () => {
    const s = scenario({ title: "t", hypothesis: [podsProbe("n", "app=web", { tolerance: 3 }), probe("custom", () => true)] }).spec;
    expect(s["steady-state-hypothesis"].probes[1].provider).toEqual({ type: "js", name: "custom", ref: 0 });
  });
});
