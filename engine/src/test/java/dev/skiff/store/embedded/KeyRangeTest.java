package dev.skiff.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class KeyRangeTest {
    static ByteString b(String s) {
        return ByteString.copyFromUtf8(s);
    }

    @Test
    void singleKeyPrefixAndFromKey() {
        assertThat(KeyRange.of(b("/a"), ByteString.EMPTY).contains(b("/a"))).isTrue();
        assertThat(KeyRange.of(b("/a"), ByteString.EMPTY).contains(b("/a/b"))).isFalse();
        KeyRange prefix = KeyRange.of(b("/a/"), b("/a0"));
        assertThat(prefix.contains(b("/a/x"))).isTrue();
        assertThat(prefix.contains(b("/a0"))).isFalse();
        KeyRange fromKey = KeyRange.of(b("/m"), ByteString.copyFrom(new byte[] {0}));
        assertThat(fromKey.contains(b("/z"))).isTrue();
        assertThat(fromKey.contains(b("/a"))).isFalse();
    }

    @Test
    void bytesCompareUnsigned() {
        KeyRange range = KeyRange.of(b("a"), b("b"));
        assertThat(range.contains(ByteString.copyFrom(new byte[] {'a', (byte) 0xff}))).isTrue();
    }

    @Test
    void refusesEmptyKeysAndBackwardRanges() {
        assertThatThrownBy(() -> KeyRange.checked(ByteString.EMPTY, ByteString.EMPTY))
                .hasMessage("etcdserver: key is not provided");
        assertThatThrownBy(() -> KeyRange.checked(b("/b"), b("/a")))
                .isInstanceOf(EtcdError.class);
    }
}
