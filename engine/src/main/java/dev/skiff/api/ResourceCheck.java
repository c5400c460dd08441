package dev.skiff.api;

import java.util.Map;
import java.util.Set;

/** Container requests and limits: known resource names, non-negative, requests within limits. */
final class ResourceCheck {

    static final Set<String> STANDARD = Set.of("cpu", "memory", "ephemeral-storage");

    private ResourceCheck() {
    }

    static void requirements(ResourceRequirements r, String path, Problems p) {
        if (r == null) {
            return;
        }
        quantities(r.limits(), path + ".limits", p);
        quantities(r.requests(), path + ".requests", p);
        if (r.requests() == null || r.limits() == null) {
            return;
        }
        r.requests().forEach((name, request) -> {
            Quantity limit = r.limits().get(name);
            if (limit != null && request != null && request.compareTo(limit) > 0) {
                p.add(path + ".requests[" + name + "]", "request " + request + " exceeds limit " + limit
                        + ": lower the request or raise the limit");
            }
        });
    }

    private static void quantities(Map<String, Quantity> m, String path, Problems p) {
        if (m == null) {
            return;
        }
        m.forEach((name, q) -> {
            String at = path + "[" + name + "]";
            if (!STANDARD.contains(name) && !name.contains("/")) {
                p.add(at, "unsupported resource \"" + name + "\": use cpu, memory, ephemeral-storage"
                        + " or a domain-prefixed name (e.g. example.com/gpu)");
            }
            if (q == null) {
                p.add(at, "required: a quantity such as 500m or 128Mi");
            } else if (q.signum() < 0) {
                p.add(at, q + " is invalid: must be 0 or more");
            }
        });
    }
}
