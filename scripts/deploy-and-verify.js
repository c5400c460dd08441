// Deploy a small web server, wait until every replica is Ready, check that each one answers HTTP,
// and that its Service does (http.get("svc/NAME/")); kill one, and check the cluster heals: a new
// replica takes its place and answers too.
//
//   ./skiff run scripts/deploy-and-verify.js [NAME] [REPLICAS]
//
// Runs on the process runtime (busybox httpd on the port the agent hands out as $PORT).
import { expect } from "skiff/assert";
import { waitFor } from "skiff/wait";
import { probe } from "skiff/http";

const name = args[0] ?? "hello";
const replicas = Number(args[1] ?? 2);

const ready = (p) => !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
const url = (p) => `http://${p.status.hostIP}:${p.status.hostPorts[0].hostPort}/`;

async function allReady(why) {
  return waitFor(() => {
    // filter() makes a plain array: the live pods' own methods (kill, reload) stay on each pod
    const ps = pods({ app: name }).filter((p) => !p.metadata.deletionTimestamp);
    return ps.length === replicas && ps.every(ready) && ps;
  }, { timeout: "120s", interval: "500ms", message: `${replicas} Ready pods of ${name} (${why})` });
}

async function answers(ps) {
  for (const p of ps) {
    const summary = await probe(url(p), { timeout: "2s" }).run({ count: 5, interval: 50 });
    console.log(`  ${p.metadata.name} on ${p.spec.nodeName}: ${summary.ok}/${summary.total} ok, p99 ${summary.p99.toFixed(1)} ms`);
    expect(summary.successRate).toBe(1);
  }
}

console.log(`deploying ${name} with ${replicas} replicas`);
deploy(name, {
  command: `d=$(mktemp -d) && echo "hello from $(hostname)" > $d/index.html && exec busybox httpd -f -p $PORT -h $d`,
  replicas,
  ports: [8080],
});
expose(name, { port: 80, targetPort: 8080 });
try {
  const first = await allReady("after deploy");
  await answers(first);
  // the service answers once the node's proxy has its endpoints
  await waitFor(() => http.get(`svc/${name}/`, { timeout: "2s" }).then((r) => r.ok, () => false),
    { timeout: "60s", interval: "500ms", message: `svc/${name} answering` });
  const viaService = await probe(`svc/${name}:80/`, { timeout: "2s" }).run({ count: 5, interval: 50 });
  console.log(`  svc/${name}: ${viaService.ok}/${viaService.total} ok`);
  expect(viaService.successRate).toBe(1);

  const victim = first[Math.floor(Math.random() * first.length)];
  console.log(`killing ${victim.metadata.name}`);
  victim.kill();
  const healed = await allReady("after a kill");
  expect(healed.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
  await answers(healed);
  console.log(`${name}: deployed, verified, healed`);
} finally {
  cluster.delete("service", name);
  cluster.delete("deployment", name);
}
