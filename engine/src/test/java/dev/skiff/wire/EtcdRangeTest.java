package dev.skiff.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Page;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.ResponseHeader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The hand-written Range messages against etcd's generated protobuf classes (as jetcd ships them). */
class EtcdRangeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theRequestIsWhatProtobufReads() throws Exception {
        RangeRequest r = RangeRequest.parseFrom(EtcdRange.request(b("/registry/pods/"), b("/registry/pods0"), 500, 42, false));
        assertThat(r.getKey().toStringUtf8()).isEqualTo("/registry/pods/");
        assertThat(r.getRangeEnd().toStringUtf8()).isEqualTo("/registry/pods0");
        assertThat(r.getLimit()).isEqualTo(500);
        assertThat(r.getRevision()).isEqualTo(42);
        assertThat(r.getSortOrder()).isEqualTo(RangeRequest.SortOrder.ASCEND);
        assertThat(r.getSortTarget()).isEqualTo(RangeRequest.SortTarget.KEY);
        assertThat(r.getCountOnly()).isFalse();

        RangeRequest count = RangeRequest.parseFrom(EtcdRange.request(new byte[] {0}, null, 0, 0, true));
        assertThat(count.getCountOnly()).isTrue();
        assertThat(count.getRangeEnd().isEmpty()).isTrue();
        assertThat(count.getLimit()).isZero();
    }

    @Test
    void theResponseBecomesAPageKeepingEveryField() {
        RangeResponse response = RangeResponse.newBuilder()
                .setHeader(ResponseHeader.newBuilder().setClusterId(7).setMemberId(8).setRevision(1234).setRaftTerm(3))
                .addKvs(io.etcd.jetcd.api.KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/registry/pods/default/wéb"))
                        .setValue(ByteString.copyFrom(new byte[] {1, 2, (byte) 0xff})).setCreateRevision(10)
                        .setModRevision(1200).setVersion(5).setLease(0x7fff_0000_0000_0001L))
                .addKvs(io.etcd.jetcd.api.KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/registry/pods/default/x")))
                .setMore(true)
                .setCount(5000)
                .build();
        Page page = EtcdRange.page(response.toByteArray(), 0);
        assertThat(page.revision()).isEqualTo(1234);
        assertThat(page.more()).isTrue();
        assertThat(page.items()).containsExactly(
                new KeyValue("/registry/pods/default/wéb", new byte[] {1, 2, (byte) 0xff}, 10, 1200, 5, 0x7fff_0000_0000_0001L),
                new KeyValue("/registry/pods/default/x", new byte[0], 0, 0, 0, 0));
        assertThat(EtcdRange.page(response.toByteArray(), 99).revision()).as("a read at a revision reports it").isEqualTo(99);
    }
}
