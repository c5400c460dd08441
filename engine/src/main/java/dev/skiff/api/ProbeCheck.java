package dev.skiff.api;

/** Probe rules: exactly one handler, valid ports, numbers in Kubernetes' ranges. */
final class ProbeCheck {

    private ProbeCheck() {
    }

    /** {@code singleSuccess}: liveness and startup probes must use successThreshold 1. */
    static void probe(Probe probe, String at, boolean singleSuccess, Problems p) {
        if (probe == null) {
            return;
        }
        int handlers = (probe.exec() == null ? 0 : 1) + (probe.httpGet() == null ? 0 : 1)
                + (probe.tcpSocket() == null ? 0 : 1);
        if (handlers != 1) {
            p.add(at, "set exactly one of exec, httpGet, tcpSocket");
        }
        if (probe.exec() != null) {
            p.required(at + ".exec.command", probe.exec().command(), "the command to run (exit 0 = healthy)");
        }
        if (probe.httpGet() != null) {
            port(probe.httpGet().port(), at + ".httpGet.port", p);
            String scheme = probe.httpGet().scheme();
            if (scheme != null && !scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
                p.add(at + ".httpGet.scheme", "\"" + scheme + "\" is not supported: use HTTP or HTTPS");
            }
        }
        if (probe.tcpSocket() != null) {
            port(probe.tcpSocket().port(), at + ".tcpSocket.port", p);
        }
        p.atLeast(at + ".initialDelaySeconds", probe.initialDelaySeconds(), 0);
        p.atLeast(at + ".timeoutSeconds", probe.timeoutSeconds(), 1);
        p.atLeast(at + ".periodSeconds", probe.periodSeconds(), 1);
        p.atLeast(at + ".successThreshold", probe.successThreshold(), 1);
        p.atLeast(at + ".failureThreshold", probe.failureThreshold(), 1);
        if (singleSuccess && probe.successThreshold() != null && probe.successThreshold() != 1) {
            p.add(at + ".successThreshold", "must be 1 for liveness and startup probes");
        }
    }

    /** A port given as a number (1-65535) or a container port name. */
    static void port(IntOrString port, String at, Problems p) {
        if (!p.required(at, port, "a port number or a container port name")) {
            return;
        }
        if (port.isInt()) {
            p.port(at, port.intValue());
        } else {
            p.add(at, Names.portName(port.stringValue()));
        }
    }
}
