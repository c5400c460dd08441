package dev.skiff.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * HPACK (RFC 7541), as much as a client needs: a full decoder (static and dynamic table, Huffman
 * strings) for what servers send, and literal, never-Huffman, never-indexed encoding for the few
 * request headers sent. One instance per connection: the dynamic table lives as long as it.
 */
final class Hpack {

    record Header(String name, String value) {
        int size() { // RFC 7541 4.1: octets of name and value plus 32
            return name.length() + value.length() + 32;
        }
    }

    private static final Header[] STATIC = staticTable();

    private final Deque<Header> dynamic = new ArrayDeque<>(); // newest first
    private int dynamicSize;
    private int maxSize = 4096; // SETTINGS_HEADER_TABLE_SIZE's default, which this client never changes

    // ---- decoding

    List<Header> decode(byte[] block) {
        List<Header> out = new ArrayList<>();
        Reader in = new Reader(block);
        while (in.more()) {
            int b = in.peek();
            if ((b & 0x80) != 0) {
                out.add(entry(in.integer(7)));
            } else if ((b & 0x40) != 0) { // literal with incremental indexing
                Header h = literal(in, 6);
                add(h);
                out.add(h);
            } else if ((b & 0x20) != 0) { // dynamic table size update
                int size = in.integer(5);
                if (size > 4096) throw new WireException("HPACK table size update to " + size + " above the 4096 allowed");
                maxSize = size;
                evict();
            } else { // literal without indexing (0000) or never indexed (0001)
                out.add(literal(in, 4));
            }
        }
        return out;
    }

    private Header literal(Reader in, int prefix) {
        int index = in.integer(prefix);
        String name = index == 0 ? in.string() : entry(index).name();
        return new Header(name, in.string());
    }

    private Header entry(int index) {
        if (index <= 0) throw new WireException("HPACK index 0");
        if (index < STATIC.length) return STATIC[index];
        int d = index - STATIC.length;
        if (d >= dynamic.size()) throw new WireException("HPACK index " + index + " beyond the tables");
        return dynamic.stream().skip(d).findFirst().orElseThrow();
    }

    private void add(Header h) {
        dynamic.addFirst(h);
        dynamicSize += h.size();
        evict();
    }

    private void evict() {
        while (dynamicSize > maxSize && !dynamic.isEmpty()) dynamicSize -= dynamic.removeLast().size();
    }

    private static final class Reader {
        private final byte[] b;
        private int at;

        Reader(byte[] b) {
            this.b = b;
        }

        boolean more() {
            return at < b.length;
        }

        int peek() {
            return b[at] & 0xff;
        }

        private int next() {
            if (at >= b.length) throw new WireException("HPACK block ends inside a field");
            return b[at++] & 0xff;
        }

        /** RFC 7541 5.1: an integer in an N-bit prefix, continued in 7-bit groups. */
        int integer(int prefixBits) {
            int mask = (1 << prefixBits) - 1;
            int value = next() & mask;
            if (value < mask) return value;
            for (int shift = 0; ; shift += 7) {
                if (shift > 21) throw new WireException("HPACK integer too large");
                int c = next();
                value += (c & 0x7f) << shift;
                if ((c & 0x80) == 0) return value;
            }
        }

        String string() {
            boolean huffman = (peek() & 0x80) != 0;
            int length = integer(7);
            if (length > b.length - at) throw new WireException("HPACK string runs past its block");
            int from = at;
            at += length;
            return huffman ? Huffman.decode(b, from, length) : new String(b, from, length, StandardCharsets.ISO_8859_1);
        }
    }

    // ---- encoding

    /** A literal header field without indexing, its name taken from static entry {@code nameIndex}. */
    static void literal(ByteArrayOutputStream out, int nameIndex, String value) {
        integer(out, 0x00, 4, nameIndex);
        string(out, value);
    }

    /** A literal header field without indexing and with a literal name. */
    static void literal(ByteArrayOutputStream out, String name, String value) {
        out.write(0x00);
        string(out, name);
        string(out, value);
    }

    /** A field the static table holds whole, e.g. 3 = {@code :method: POST}. */
    static void indexed(ByteArrayOutputStream out, int index) {
        integer(out, 0x80, 7, index);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, 0x00, 7, bytes.length);
        out.writeBytes(bytes);
    }

    static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int mask = (1 << prefixBits) - 1;
        if (value < mask) {
            out.write(flags | value);
            return;
        }
        out.write(flags | mask);
        value -= mask;
        while (value >= 0x80) {
            out.write((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }

    /** RFC 7541 Appendix A; index 0 is unused. */
    private static Header[] staticTable() {
        String[] t = {
            ":authority", "", ":method", "GET", ":method", "POST", ":path", "/", ":path", "/index.html",
            ":scheme", "http", ":scheme", "https", ":status", "200", ":status", "204", ":status", "206",
            ":status", "304", ":status", "400", ":status", "404", ":status", "500", "accept-charset", "",
            "accept-encoding", "gzip, deflate", "accept-language", "", "accept-ranges", "", "accept", "",
            "access-control-allow-origin", "", "age", "", "allow", "", "authorization", "", "cache-control", "",
            "content-disposition", "", "content-encoding", "", "content-language", "", "content-length", "",
            "content-location", "", "content-range", "", "content-type", "", "cookie", "", "date", "", "etag", "",
            "expect", "", "expires", "", "from", "", "host", "", "if-match", "", "if-modified-since", "",
            "if-none-match", "", "if-range", "", "if-unmodified-since", "", "last-modified", "", "link", "",
            "location", "", "max-forwards", "", "proxy-authenticate", "", "proxy-authorization", "", "range", "",
            "referer", "", "refresh", "", "retry-after", "", "server", "", "set-cookie", "",
            "strict-transport-security", "", "transfer-encoding", "", "user-agent", "", "vary", "", "via", "",
            "www-authenticate", ""};
        Header[] table = new Header[t.length / 2 + 1];
        for (int i = 0; i < t.length; i += 2) table[i / 2 + 1] = new Header(t[i], t[i + 1]);
        return table;
    }
}
