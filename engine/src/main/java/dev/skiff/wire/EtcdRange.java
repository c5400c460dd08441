package dev.skiff.wire;

import dev.skiff.store.KeyValue;
import dev.skiff.store.Page;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * etcd's {@code KV/Range} call in protobuf wire format, written and read by hand (etcd's
 * rpc.proto: RangeRequest, RangeResponse, ResponseHeader, mvccpb.KeyValue) so a one-shot read needs
 * no protobuf runtime. Unknown fields are skipped, as protobuf readers must.
 */
public final class EtcdRange {
    private EtcdRange() {}

    public static final String PATH = "/etcdserverpb.KV/Range";

    /**
     * Skiff's one extension of etcd's RangeRequest, a field etcd does not define (its own end at 13): repeated
     * bytes, each of which a returned value must contain ({@code ListOptions.valueContains}). The embedded server
     * applies it; etcd skips it as protobuf readers skip any unknown field, and answers the plain range.
     */
    public static final int VALUE_CONTAINS = 1001;

    /** A range request: [key, rangeEnd) (rangeEnd null = the key alone), sorted by key ascending. */
    public static byte[] request(byte[] key, byte[] rangeEnd, long limit, long revision, boolean countOnly) {
        return writer(key, rangeEnd, limit, revision, countOnly).toByteArray();
    }

    /** A page of a range that asks only for values containing each of {@code valueContains} (UTF-8). */
    public static byte[] request(byte[] key, byte[] rangeEnd, long limit, long revision, List<String> valueContains) {
        Proto.Writer out = writer(key, rangeEnd, limit, revision, false);
        for (String s : valueContains) out.bytes(VALUE_CONTAINS, s.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    static Proto.Writer writer(byte[] key, byte[] rangeEnd, long limit, long revision, boolean countOnly) {
        Proto.Writer out = new Proto.Writer().bytes(1, key);
        if (rangeEnd != null) out.bytes(2, rangeEnd);
        out.optional(3, limit).optional(4, revision);
        out.varint(5, 1); // sort_order ASCEND; sort_target KEY is the default (0)
        return out.bool(9, countOnly);
    }

    /** The answer as a {@link Page}; {@code revision} 0 takes the header's (the store's current) revision. */
    public static Page page(byte[] response, long revision) {
        return page(new Proto.Reader(response), revision);
    }

    static Page page(Proto.Reader in, long revision) {
        List<KeyValue> kvs = new ArrayList<>();
        long headerRevision = 0;
        boolean more = false;
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) | 2 -> headerRevision = revisionOf(in.sub());
                case (2 << 3) | 2 -> kvs.add(keyValue(in.sub()));
                case (3 << 3) -> more = in.varint() != 0;
                default -> in.skip(tag);
            }
        }
        return new Page(kvs, revision != 0 ? revision : headerRevision, more);
    }

    static long revisionOf(Proto.Reader header) {
        long revision = 0;
        while (header.more()) {
            int tag = header.next();
            if (tag == (3 << 3)) revision = header.varint();
            else header.skip(tag);
        }
        return revision;
    }

    static KeyValue keyValue(Proto.Reader in) {
        String key = "";
        byte[] value = new byte[0];
        long create = 0, mod = 0, version = 0, lease = 0;
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) | 2 -> key = in.sub().string();
                case (2 << 3) -> create = in.varint();
                case (3 << 3) -> mod = in.varint();
                case (4 << 3) -> version = in.varint();
                case (5 << 3) | 2 -> value = in.sub().bytes();
                case (6 << 3) -> lease = in.varint();
                default -> in.skip(tag);
            }
        }
        return new KeyValue(key, value, create, mod, version, lease);
    }
}
