package dev.skiff.wire;

import dev.skiff.store.KeyValue;
import dev.skiff.store.Page;
import java.io.ByteArrayOutputStream;
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

    /** A range request: [key, rangeEnd) (rangeEnd null = the key alone), sorted by key ascending. */
    public static byte[] request(byte[] key, byte[] rangeEnd, long limit, long revision, boolean countOnly) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(key.length + 32);
        bytesField(out, 1, key);
        if (rangeEnd != null) bytesField(out, 2, rangeEnd);
        if (limit != 0) varintField(out, 3, limit);
        if (revision != 0) varintField(out, 4, revision);
        varintField(out, 5, 1); // sort_order ASCEND; sort_target KEY is the default (0)
        if (countOnly) varintField(out, 9, 1);
        return out.toByteArray();
    }

    /** The answer as a {@link Page}; {@code revision} 0 takes the header's (the store's current) revision. */
    public static Page page(byte[] response, long revision) {
        Reader in = new Reader(response, 0, response.length);
        List<KeyValue> kvs = new ArrayList<>();
        long headerRevision = 0;
        boolean more = false;
        while (in.more()) {
            int tag = (int) in.varint();
            switch (tag) {
                case (1 << 3) | 2 -> headerRevision = revisionOf(in.sub());
                case (2 << 3) | 2 -> kvs.add(keyValue(in.sub()));
                case (3 << 3) -> more = in.varint() != 0;
                default -> in.skip(tag);
            }
        }
        return new Page(kvs, revision != 0 ? revision : headerRevision, more);
    }

    private static long revisionOf(Reader header) {
        long revision = 0;
        while (header.more()) {
            int tag = (int) header.varint();
            if (tag == (3 << 3)) revision = header.varint();
            else header.skip(tag);
        }
        return revision;
    }

    private static KeyValue keyValue(Reader in) {
        String key = "";
        byte[] value = new byte[0];
        long create = 0, mod = 0, version = 0, lease = 0;
        while (in.more()) {
            int tag = (int) in.varint();
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

    private static void bytesField(ByteArrayOutputStream out, int field, byte[] value) {
        varint(out, ((long) field << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varintField(ByteArrayOutputStream out, int field, long value) {
        varint(out, (long) field << 3);
        varint(out, value);
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) ((v & 0x7f) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    /** A window of a message: fields are read in order, sub-messages are windows of it. */
    private static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.at = from;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) throw new WireException("protobuf message ends inside a varint");
                int c = b[at++] & 0xff;
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) return v;
            }
            throw new WireException("protobuf varint longer than 10 bytes");
        }

        Reader sub() {
            long length = varint();
            if (length < 0 || length > end - at) throw new WireException("protobuf field runs past its message");
            Reader r = new Reader(b, at, at + (int) length);
            at += (int) length;
            return r;
        }

        byte[] bytes() {
            return java.util.Arrays.copyOfRange(b, at, end);
        }

        String string() {
            return new String(b, at, end - at, StandardCharsets.UTF_8);
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> at += 8;
                case 2 -> sub();
                case 5 -> at += 4;
                default -> throw new WireException("protobuf wire type " + (tag & 7) + " not supported");
            }
            if (at > end) throw new WireException("protobuf field runs past its message");
        }
    }
}
