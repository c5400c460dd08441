package dev.skiff.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HPACK decoder against RFC 7541's own examples (Appendix C), and the encoder's integers. */
class HpackTest {

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static Hpack.Header h(String name, String value) {
        return new Hpack.Header(name, value);
    }

    @Test
    void decodesTheRfcsHuffmanRequestsSharingOneDynamicTable() { // RFC 7541 C.4.1 - C.4.3
        Hpack hpack = new Hpack();
        assertThat(hpack.decode(hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff"))).containsExactly(
                h(":method", "GET"), h(":scheme", "http"), h(":path", "/"), h(":authority", "www.example.com"));
        assertThat(hpack.decode(hex("8286 84be 5886 a8eb 1064 9cbf"))).containsExactly(
                h(":method", "GET"), h(":scheme", "http"), h(":path", "/"), h(":authority", "www.example.com"),
                h("cache-control", "no-cache"));
        assertThat(hpack.decode(hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf"))).containsExactly(
                h(":method", "GET"), h(":scheme", "https"), h(":path", "/index.html"), h(":authority", "www.example.com"),
                h("custom-key", "custom-value"));
    }

    @Test
    void theHuffmanLengthsFormACompletePrefixCode() { // a mistyped length breaks this, even for rare symbols
        assertThat(Huffman.kraftSum()).isEqualTo(1L << 30);
    }

    @Test
    void decodesLiteralsWithoutHuffman() { // RFC 7541 C.2.1 and C.2.2
        assertThat(new Hpack().decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")))
                .containsExactly(h("custom-key", "custom-header"));
        assertThat(new Hpack().decode(hex("040c 2f73 616d 706c 652f 7061 7468"))).containsExactly(h(":path", "/sample/path"));
    }

    @Test
    void evictsTheOldestEntriesWhenTheTableShrinks() {
        Hpack hpack = new Hpack();
        hpack.decode(hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572")); // now entry 62
        hpack.decode(hex("20")); // size update to 0: everything evicted
        assertThatThrownBy(() -> hpack.decode(hex("be"))).isInstanceOf(WireException.class).hasMessageContaining("index 62");
    }

    @Test
    void refusesBadHuffmanPadding() {
        // "a" is 00011 (5 bits); padding with zeros instead of EOS ones is an error
        assertThatThrownBy(() -> new Hpack().decode(hex("0081 18 0130"))).isInstanceOf(WireException.class)
                .hasMessageContaining("padding");
    }

    @Test
    void encodesIntegersAsTheRfcDoes() { // RFC 7541 C.1
        assertThat(encode(5, 10)).isEqualTo(hex("0a"));
        assertThat(encode(5, 1337)).isEqualTo(hex("1f9a0a"));
        assertThat(encode(8, 42)).isEqualTo(hex("2a"));
    }

    @Test
    void whatTheEncoderWritesTheDecoderReads() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.indexed(out, 3);
        Hpack.literal(out, 4, "/etcdserverpb.KV/Range");
        Hpack.literal(out, 31, "application/grpc");
        Hpack.literal(out, "te", "trailers");
        assertThat(new Hpack().decode(out.toByteArray())).isEqualTo(List.of(h(":method", "POST"),
                h(":path", "/etcdserverpb.KV/Range"), h("content-type", "application/grpc"), h("te", "trailers")));
    }

    private static byte[] encode(int prefix, int value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Hpack.integer(out, 0, prefix, value);
        return out.toByteArray();
    }
}
