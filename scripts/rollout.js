// A scripted rolling update: deploy v1, roll to v2 while watching how many replicas stay Ready,
// check every pod ends on v2 and availability never fell below replicas - maxUnavailable.
//
//   ./skiff run scripts/rollout.js [NAME] [REPLICAS]
import { expect } from "skiff/assert";
import { waitFor } from "skiff/wait";
import { deployment } from "skiff/workloads";

const name = args[0] ?? "rollout";
const replicas = Number(args[1] ?? 4);
const maxUnavailable = Math.floor(replicas * 0.25); // Kubernetes' default, 25% rounded down

const ready = (p) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
const version = (p) => (p.spec.containers[0].env ?? []).find((e) => e.name === "VERSION")?.value;
const spec = (v) => deployment(name, {
  command: `echo version ${v}; exec sleep 3600`,
  replicas,
  env: { VERSION: v },
});

async function settledOn(v) {
  return waitFor(() => {
    const ps = pods({ app: name });
    return ps.length === replicas && ps.every((p) => ready(p) && version(p) === v) && ps;
  }, { timeout: "180s", interval: "500ms", message: `all ${replicas} pods of ${name} Ready on version ${v}` });
}

cluster.apply(spec("1"));
try {
  await settledOn("1");
  console.log(`${name}: ${replicas} pods Ready on v1; rolling to v2`);

  let minReady = replicas;
  const events = [];
  const sampler = every("100ms", () => {
    minReady = Math.min(minReady, pods({ app: name }).filter(ready).length);
  });
  const watch = cluster.watch("pods", { selector: { app: name } }, (e) => {
    if (e.type !== "MODIFIED") events.push(`${e.type} ${e.object.metadata.name} v${version(e.object)}`);
  });

  const start = Date.now();
  cluster.apply(spec("2"));
  const after = await settledOn("2");
  sampler.stop();
  watch.stop();

  console.log(`${name}: rolled to v2 in ${((Date.now() - start) / 1000).toFixed(1)} s; fewest Ready during the rollout: ${minReady}`);
  console.log(`  pod events: ${events.length}`);
  expect(after.map(version)).toEqual(Array(replicas).fill("2"));
  expect(minReady).toBeGreaterThanOrEqual(replicas - maxUnavailable);
  const d = cluster.get("deployment", name);
  expect(d.status.updatedReplicas).toBe(replicas);
} finally {
  cluster.delete("deployment", name);
}
