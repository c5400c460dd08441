package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.TxnRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks done before a request reaches the writer, so a bad request is refused whole. */
final class Validation {
    static final int MAX_TXN_OPS = 128;

    private Validation() {}

    static void put(PutRequest req) {
        if (req.getKey().isEmpty()) {
            throw EtcdError.emptyKey();
        }
        if (req.getIgnoreValue() && !req.getValue().isEmpty()) {
            throw EtcdError.valueProvided();
        }
        if (req.getIgnoreLease() && req.getLease() != 0) {
            throw EtcdError.leaseProvided();
        }
    }

    static void delete(DeleteRangeRequest req) {
        KeyRange.checked(req.getKey(), req.getRangeEnd());
    }

    static void size(com.google.protobuf.MessageLite req, int maxBytes) {
        if (req.getSerializedSize() > maxBytes) {
            throw EtcdError.requestTooLarge();
        }
    }

    static void txn(TxnRequest req) {
        if (req.getCompareCount() > MAX_TXN_OPS || req.getSuccessCount() > MAX_TXN_OPS
                || req.getFailureCount() > MAX_TXN_OPS) {
            throw EtcdError.tooManyOps();
        }
        for (Compare c : req.getCompareList()) {
            if (c.getKey().isEmpty()) {
                throw EtcdError.emptyKey();
            }
        }
        branch(req.getSuccessList());
        branch(req.getFailureList());
    }

    /** Validates one branch and returns the keys it puts, so an enclosing branch can check overlaps. */
    private static Set<ByteString> branch(List<RequestOp> ops) {
        Set<ByteString> puts = new HashSet<>();
        List<KeyRange> deletes = new ArrayList<>();
        for (RequestOp op : ops) {
            switch (op.getRequestCase()) {
                case REQUEST_RANGE -> KeyRange.checked(op.getRequestRange().getKey(), op.getRequestRange().getRangeEnd());
                case REQUEST_PUT -> {
                    put(op.getRequestPut());
                    if (!puts.add(op.getRequestPut().getKey())) {
                        throw EtcdError.duplicateKey();
                    }
                }
                case REQUEST_DELETE_RANGE -> {
                    delete(op.getRequestDeleteRange());
                    deletes.add(KeyRange.of(op.getRequestDeleteRange().getKey(), op.getRequestDeleteRange().getRangeEnd()));
                }
                case REQUEST_TXN -> {
                    txn(op.getRequestTxn());
                    for (ByteString key : nestedPuts(op.getRequestTxn())) {
                        if (!puts.add(key)) {
                            throw EtcdError.duplicateKey();
                        }
                    }
                }
                default -> { }
            }
        }
        for (KeyRange d : deletes) {
            if (puts.stream().anyMatch(d::contains)) {
                throw EtcdError.duplicateKey();
            }
        }
        return puts;
    }

    private static Set<ByteString> nestedPuts(TxnRequest req) {
        Set<ByteString> all = new HashSet<>(branch(req.getSuccessList()));
        all.addAll(branch(req.getFailureList()));
        return all;
    }
}
