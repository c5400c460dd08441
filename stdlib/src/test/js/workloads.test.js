import { describe, it } from "skiff/test";
import { expect } from "skiff/assert";
import { deployment, service, Deployment, Service } from "skiff/workloads";

describe("skiff/workloads", () => {
  it("builds a Deployment in Kubernetes' shape, its pods labelled app=NAME", () => {
    const d = deployment("web", { image: "nginx:1.27", replicas: 3, ports: [80], cpu: "100m", memory: "64Mi", env: { MODE: "x" } });
    expect(d.apiVersion).toBe("apps/v1");
    expect(d.kind).toBe("Deployment");
    expect(d.spec.replicas).toBe(3);
    expect(d.spec.selector).toEqual({ matchLabels: { app: "web" } });
    expect(d.spec.template.metadata.labels.app).toBe("web");
    const c = d.spec.template.spec.containers[0];
    expect(c.image).toBe("nginx:1.27");
    expect(c.ports).toEqual([{ name: "http", containerPort: 80 }]);
    expect(c.resources.requests).toEqual({ cpu: "100m", memory: "64Mi" });
    expect(c.env).toEqual([{ name: "MODE", value: "x" }]);
  });

  it("runs a command without an image on the process runtime", () => {
    const d = deployment("job", { command: "sleep 100" });
    expect(d.spec.template.spec.containers[0].command).toEqual(["sh", "-c", "sleep 100"]);
    expect(d.spec.template.spec.containers[0].image).toBe(undefined);
  });

  it("refuses a deployment with nothing to run", () => {
    expect(() => deployment("x", {})).toThrow(/needs an image/);
  });

  it("builds the same objects fluently", () => {
    expect(Deployment("web").image("nginx:1.27").replicas(2).port(80).build())
      .toEqual(deployment("web", { image: "nginx:1.27", replicas: 2, ports: [80] }));
    expect(Service("web").port(80, 8080).type("NodePort").build())
      .toEqual(service("web", { port: 80, targetPort: 8080, type: "NodePort" }));
  });

  it("builds a Service selecting app=NAME", () => {
    const s = service("web", { port: 80, targetPort: 8080 });
    expect(s.spec.selector).toEqual({ app: "web" });
    expect(s.spec.ports[0]).toEqual({ name: "http", port: 80, targetPort: 8080, protocol: "TCP" });
  });
});
