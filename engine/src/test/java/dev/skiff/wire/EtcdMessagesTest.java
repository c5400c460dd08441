package dev.skiff.wire;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Op;
import dev.skiff.store.OpResult;
import dev.skiff.store.WatchEvent;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.LeaseTimeToLiveResponse;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.ResponseHeader;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import io.etcd.jetcd.api.WatchRequest;
import io.etcd.jetcd.api.WatchResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The hand-written etcd messages read back by jetcd's generated protobuf classes, and the other way round. */
class EtcdMessagesTest {

    @Test
    void aTxnIsWhatEtcdsGeneratedClassesRead() throws Exception {
        byte[] wire = EtcdMessages.txn(
                List.of(Compare.modRevision("/a").eq(7), Compare.absent("/b"), Compare.value("/c").eq("v"),
                        Compare.version("/d").gt(2)),
                List.of(EtcdMessages.requestOp(Op.put("/a", "x".getBytes(UTF_8), 5)), EtcdMessages.requestOp(Op.deletePrefix("/p/"))),
                List.of(EtcdMessages.requestOp(Op.get("/a"))));
        TxnRequest r = TxnRequest.parseFrom(wire);

        assertThat(r.getCompareList()).hasSize(4);
        assertThat(r.getCompare(0).getTarget()).isEqualTo(io.etcd.jetcd.api.Compare.CompareTarget.MOD);
        assertThat(r.getCompare(0).getModRevision()).isEqualTo(7);
        assertThat(r.getCompare(1).getTarget()).isEqualTo(io.etcd.jetcd.api.Compare.CompareTarget.CREATE);
        assertThat(r.getCompare(1).getTargetUnionCase()).isEqualTo(io.etcd.jetcd.api.Compare.TargetUnionCase.CREATE_REVISION);
        assertThat(r.getCompare(2).getValue().toStringUtf8()).isEqualTo("v");
        assertThat(r.getCompare(3).getResult()).isEqualTo(io.etcd.jetcd.api.Compare.CompareResult.GREATER);
        assertThat(r.getSuccess(0).getRequestPut().getLease()).isEqualTo(5);
        assertThat(r.getSuccess(1).getRequestDeleteRange().getRangeEnd().toStringUtf8()).isEqualTo("/p0");
        assertThat(r.getFailure(0).getRequestRange().getKey().toStringUtf8()).isEqualTo("/a");
    }

    @Test
    void anUpdateKeepsTheLeaseAndAWatchAsksForPreviousValues() throws Exception {
        PutRequest put = PutRequest.parseFrom(EtcdMessages.put("/k", new byte[] {1}, 0, true).toByteArray());
        assertThat(put.getIgnoreLease()).isTrue();
        assertThat(put.getLease()).isZero();

        WatchRequest w = WatchRequest.parseFrom(EtcdMessages.watchCreate("/p/", 42, true));
        assertThat(w.getCreateRequest().getKey().toStringUtf8()).isEqualTo("/p/");
        assertThat(w.getCreateRequest().getRangeEnd().toStringUtf8()).isEqualTo("/p0");
        assertThat(w.getCreateRequest().getStartRevision()).isEqualTo(42);
        assertThat(w.getCreateRequest().getPrevKv()).isTrue();
    }

    @Test
    void responsesWrittenByGeneratedClassesReadBack() {
        ResponseHeader header = ResponseHeader.newBuilder().setRevision(99).setClusterId(1).build();
        var kv = io.etcd.jetcd.api.KeyValue.newBuilder().setKey(ByteString.copyFromUtf8("/a")).setValue(ByteString.copyFromUtf8("v"))
                .setCreateRevision(3).setModRevision(9).setVersion(2).setLease(-1L >>> 1).build();
        TxnResponse txn = TxnResponse.newBuilder().setHeader(header).setSucceeded(true)
                .addResponses(ResponseOp.newBuilder().setResponsePut(PutResponse.newBuilder().setHeader(header)))
                .addResponses(ResponseOp.newBuilder().setResponseDeleteRange(DeleteRangeResponse.newBuilder().setDeleted(3)))
                .addResponses(ResponseOp.newBuilder().setResponseRange(RangeResponse.newBuilder().addKvs(kv)))
                .build();

        EtcdMessages.TxnAnswer a = EtcdMessages.txnAnswer(txn.toByteArray());
        assertThat(a.succeeded()).isTrue();
        assertThat(a.revision()).isEqualTo(99);
        assertThat(a.results()).containsExactly(new OpResult.Put(99), new OpResult.Delete(3),
                new OpResult.Get(Optional.of(new KeyValue("/a", "v".getBytes(UTF_8), 3, 9, 2, -1L >>> 1))));

        WatchResponse watch = WatchResponse.newBuilder().setHeader(header).setWatchId(4).setCanceled(true).setCompactRevision(17)
                .addEvents(Event.newBuilder().setType(Event.EventType.DELETE).setKv(kv).setPrevKv(kv)).build();
        EtcdMessages.WatchAnswer w = EtcdMessages.watchAnswer(watch.toByteArray());
        assertThat(w.canceled()).isTrue();
        assertThat(w.compactRevision()).isEqualTo(17);
        assertThat(w.events()).singleElement().isInstanceOfSatisfying(WatchEvent.Delete.class, e -> {
            assertThat(e.key()).isEqualTo("/a");
            assertThat(e.previous()).isPresent();
        });

        // etcd answers TTL -1 for a lease it does not have: a ten-byte negative varint
        var ttl = LeaseTimeToLiveResponse.newBuilder().setHeader(header).setID(5).setTTL(-1).setGrantedTTL(10).build();
        assertThat(EtcdMessages.leaseAnswer(ttl.toByteArray(), false)).isEqualTo(new EtcdMessages.LeaseAnswer(5, -1, 10, ""));
    }
}
