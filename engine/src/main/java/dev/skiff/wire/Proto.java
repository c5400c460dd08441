package dev.skiff.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The protobuf wire format, as much as etcd's messages need: varint and length-delimited fields
 * written by hand, and a reader that walks a message's fields in order (unknown ones skipped, as
 * protobuf readers must). No generated classes, no protobuf runtime.
 */
public final class Proto {
    private Proto() {}

    /** Builds one message; fields are appended in the order they are called. */
    public static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        public Writer bytes(int field, byte[] value) {
            tag(field, 2);
            varint(value.length);
            out.writeBytes(value);
            return this;
        }

        public Writer string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        /** An int64/int32/enum/bool field; negative numbers take ten bytes, as protobuf's int64 does. */
        public Writer varint(int field, long value) {
            tag(field, 0);
            varint(value);
            return this;
        }

        /** Like {@link #varint(int, long)} but omitted when 0, proto3's default. */
        public Writer optional(int field, long value) {
            return value == 0 ? this : varint(field, value);
        }

        public Writer bool(int field, boolean value) {
            return value ? varint(field, 1) : this;
        }

        public Writer message(int field, Writer message) {
            return bytes(field, message.toByteArray());
        }

        public byte[] toByteArray() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            varint(((long) field << 3) | wireType);
        }

        private void varint(long v) {
            while ((v & ~0x7fL) != 0) {
                out.write((int) ((v & 0x7f) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    /** A window of a message: {@link #next} gives each field's tag; sub-messages are windows of it. */
    public static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        public Reader(byte[] b) {
            this(b, 0, b.length);
        }

        private Reader(byte[] b, int from, int end) {
            this.b = b;
            this.at = from;
            this.end = end;
        }

        public boolean more() {
            return at < end;
        }

        /** The next field's tag: field number << 3 | wire type. */
        public int next() {
            return (int) varint();
        }

        public static int field(int tag) {
            return tag >>> 3;
        }

        public long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) throw new WireException("protobuf message ends inside a varint");
                int c = b[at++] & 0xff;
                v |= (long) (c & 0x7f) << shift;
                if ((c & 0x80) == 0) return v;
            }
            throw new WireException("protobuf varint longer than 10 bytes");
        }

        public Reader sub() {
            long length = varint();
            if (length < 0 || length > end - at) throw new WireException("protobuf field runs past its message");
            Reader r = new Reader(b, at, at + (int) length);
            at += (int) length;
            return r;
        }

        /** The rest of this window's bytes (call on a {@link #sub()} window). */
        public byte[] bytes() {
            byte[] copy = Arrays.copyOfRange(b, at, end);
            at = end;
            return copy;
        }

        public String string() {
            String s = new String(b, at, end - at, StandardCharsets.UTF_8);
            at = end;
            return s;
        }

        public void skip(int tag) {
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
