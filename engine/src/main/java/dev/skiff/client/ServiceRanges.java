package dev.skiff.client;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.skiff.api.Json;
import dev.skiff.store.Store;
import java.util.Optional;

/**
 * Where services get their addresses from: the service CIDR and the NodePort range. The engine
 * publishes its setting at {@link #KEY}; every client allocating from it reads it there (as the API
 * server's RangeAllocation), so a shell creating a Service and the engine agree without talking.
 */
public record ServiceRanges(String serviceCIDR, int nodePortMin, int nodePortMax) {

    public static final String KEY = "/registry/ranges/serviceconfig";
    public static final String IPS = "/registry/ranges/serviceips/";
    public static final String NODE_PORTS = "/registry/ranges/servicenodeports/";
    public static final ServiceRanges DEFAULT = new ServiceRanges("127.77.0.0/16", 30000, 32767);

    public ServiceRanges {
        Cidr.parse(serviceCIDR);
        if (nodePortMin < 1 || nodePortMax > 65535 || nodePortMin > nodePortMax) {
            throw new IllegalArgumentException("node port range " + nodePortMin + "-" + nodePortMax
                    + " is invalid: use two ports low-high within 1-65535");
        }
    }

    /** The published ranges, or the defaults when no engine has published any. */
    public static ServiceRanges read(Store store) {
        return store.get(KEY).map(kv -> Json.fromJson(kv.value(), ServiceRanges.class)).orElse(DEFAULT);
    }

    /** Makes these the ranges every client allocates from. */
    public void publish(Store store) {
        byte[] value = Json.toJsonBytes(this);
        Optional<byte[]> now = store.get(KEY).map(kv -> kv.value());
        if (now.isEmpty() || !java.util.Arrays.equals(now.get(), value)) store.put(KEY, value, 0);
    }

    @JsonIgnore
    public Cidr cidr() {
        return Cidr.parse(serviceCIDR);
    }

    public String nodePortRange() {
        return nodePortMin + "-" + nodePortMax;
    }

    /** An IPv4 network; its first (network) and last (broadcast) addresses are never handed out. */
    public record Cidr(int base, int prefix) {

        public static Cidr parse(String text) {
            int slash = text == null ? -1 : text.indexOf('/');
            if (slash < 0) throw new IllegalArgumentException("service CIDR \"" + text + "\" is invalid: use a.b.c.d/n, e.g. 127.77.0.0/16");
            int prefix;
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("service CIDR \"" + text + "\" has no prefix length: use a.b.c.d/n");
            }
            if (prefix < 8 || prefix > 30) {
                throw new IllegalArgumentException("service CIDR \"" + text + "\" must have a prefix between /8 and /30");
            }
            int ip = toInt(text.substring(0, slash)).orElseThrow(() ->
                    new IllegalArgumentException("service CIDR \"" + text + "\" is invalid: use a.b.c.d/n"));
            int mask = -1 << (32 - prefix);
            return new Cidr(ip & mask, prefix);
        }

        public int size() {
            return 1 << (32 - prefix);
        }

        public boolean containsUsable(String ip) {
            Optional<Integer> v = toInt(ip);
            if (v.isEmpty()) return false;
            int offset = v.get() - base;
            return (v.get() & (-1 << (32 - prefix))) == base && offset > 0 && offset < size() - 1;
        }

        public String at(int offset) {
            return toText(base + offset);
        }

        @Override
        public String toString() {
            return toText(base) + "/" + prefix;
        }

        static Optional<Integer> toInt(String ip) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) return Optional.empty();
            int v = 0;
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) return Optional.empty();
                int n = Integer.parseInt(p);
                if (n > 255) return Optional.empty();
                v = (v << 8) | n;
            }
            return Optional.of(v);
        }

        static String toText(int v) {
            return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
        }
    }
}
