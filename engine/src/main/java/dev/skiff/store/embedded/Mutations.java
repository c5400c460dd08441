package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.DeleteRangeRequest;
import io.etcd.jetcd.api.DeleteRangeResponse;
import io.etcd.jetcd.api.Event;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.PutResponse;
import io.etcd.jetcd.api.RequestOp;
import io.etcd.jetcd.api.ResponseOp;
import io.etcd.jetcd.api.TxnRequest;
import io.etcd.jetcd.api.TxnResponse;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Put, DeleteRange and Txn as they run on the writer thread. Responses leave the header to the
 * caller (it is the same for every part of a Txn).
 */
final class Mutations {
    private static final int LEASE_TARGET = 4;
    private static final int LEASE_FIELD = 8;

    private final Leases leases;
    private final LongSupplier compactRevision;

    Mutations(Leases leases, LongSupplier compactRevision) {
        this.leases = leases;
        this.compactRevision = compactRevision;
    }

    PutResponse.Builder put(WriteContext ctx, PutRequest req) {
        Row previousRow = ctx.newest(req.getKey());
        Row prev = live(previousRow);
        if ((req.getIgnoreValue() || req.getIgnoreLease()) && prev == null) {
            throw EtcdError.keyNotFound();
        }
        ByteString value = req.getIgnoreValue() ? prev.value() : req.getValue();
        long lease = req.getIgnoreLease() ? prev.lease() : req.getLease();
        if (lease != 0 && !leases.exists(lease)) {
            throw EtcdError.leaseNotFound();
        }
        long rev = ctx.writeRevision();
        Row row = new Row(req.getKey(), rev, prev == null, false,
                prev == null ? rev : prev.createRevision(),
                previousRow == null ? 0 : previousRow.revision(),
                prev == null ? 1 : prev.version() + 1, lease, value);
        ctx.insert(row);
        Event.Builder event = Event.newBuilder().setType(Event.EventType.PUT).setKv(row.toKeyValue());
        PutResponse.Builder out = PutResponse.newBuilder();
        if (prev != null) {
            event.setPrevKv(prev.toKeyValue());
            if (req.getPrevKv()) {
                out.setPrevKv(prev.toKeyValue());
            }
        }
        ctx.emit(event.build());
        return out;
    }

    DeleteRangeResponse.Builder delete(WriteContext ctx, DeleteRangeRequest req) {
        KeyRange range = KeyRange.checked(req.getKey(), req.getRangeEnd());
        List<Row> doomed = SqliteLog.liveAt(ctx.connection(), range, ctx.revision(), 0, false);
        DeleteRangeResponse.Builder out = DeleteRangeResponse.newBuilder().setDeleted(doomed.size());
        deleteRows(ctx, doomed);
        if (req.getPrevKv()) {
            doomed.forEach(r -> out.addPrevKvs(r.toKeyValue()));
        }
        return out;
    }

    /** Deletes live rows at one new revision (nothing, and no new revision, when there are none). */
    static void deleteRows(WriteContext ctx, List<Row> doomed) {
        if (doomed.isEmpty()) {
            return;
        }
        long rev = ctx.writeRevision();
        for (Row r : doomed) {
            ctx.insert(new Row(r.name(), rev, false, true, r.createRevision(),
                    r.revision(), 0, 0, ByteString.EMPTY));
            ctx.emit(Event.newBuilder()
                    .setType(Event.EventType.DELETE)
                    .setKv(KeyValue.newBuilder().setKey(r.name()).setModRevision(rev))
                    .setPrevKv(r.toKeyValue())
                    .build());
        }
    }

    TxnResponse.Builder txn(WriteContext ctx, TxnRequest req) {
        boolean succeeded = true;
        for (Compare cmp : req.getCompareList()) {
            if (!compare(ctx, cmp)) {
                succeeded = false;
                break;
            }
        }
        TxnResponse.Builder out = TxnResponse.newBuilder().setSucceeded(succeeded);
        for (RequestOp op : succeeded ? req.getSuccessList() : req.getFailureList()) {
            out.addResponses(apply(ctx, op));
        }
        return out;
    }

    private ResponseOp apply(WriteContext ctx, RequestOp op) {
        return switch (op.getRequestCase()) {
            case REQUEST_RANGE -> ResponseOp.newBuilder().setResponseRange(
                    Ranges.range(ctx.connection(), op.getRequestRange(), ctx.revision(), compactRevision.getAsLong()))
                    .build();
            case REQUEST_PUT -> ResponseOp.newBuilder().setResponsePut(put(ctx, op.getRequestPut())).build();
            case REQUEST_DELETE_RANGE -> ResponseOp.newBuilder()
                    .setResponseDeleteRange(delete(ctx, op.getRequestDeleteRange())).build();
            case REQUEST_TXN -> ResponseOp.newBuilder().setResponseTxn(txn(ctx, op.getRequestTxn())).build();
            default -> ResponseOp.getDefaultInstance();
        };
    }

    /** etcd's rule: a missing key fails a value compare and compares as zeros otherwise. */
    private static boolean compare(WriteContext ctx, Compare cmp) {
        KeyRange range = KeyRange.of(cmp.getKey(), cmp.getRangeEnd());
        List<Row> rows = range.isSingleKey()
                ? listOf(live(ctx.newest(cmp.getKey())))
                : SqliteLog.liveAt(ctx.connection(), range, ctx.revision(), 0, false);
        if (rows.isEmpty()) {
            return cmp.getTarget() != Compare.CompareTarget.VALUE && matches(cmp, null);
        }
        return rows.stream().allMatch(r -> matches(cmp, r));
    }

    private static boolean matches(Compare cmp, Row row) {
        int order = switch (cmp.getTarget()) {
            case VERSION -> Long.compare(row == null ? 0 : row.version(), cmp.getVersion());
            case CREATE -> Long.compare(row == null ? 0 : row.createRevision(), cmp.getCreateRevision());
            case MOD -> Long.compare(row == null ? 0 : row.revision(), cmp.getModRevision());
            case VALUE -> KeyRange.ORDER.compare(row.value(), cmp.getValue());
            default -> compareOther(cmp, row);
        };
        return switch (cmp.getResult()) {
            case EQUAL -> order == 0;
            case NOT_EQUAL -> order != 0;
            case GREATER -> order > 0;
            case LESS -> order < 0;
            default -> false;
        };
    }

    /**
     * Targets newer than jetcd's proto copy: LEASE (4) with its operand in field 8, which protobuf
     * keeps as an unknown field.
     */
    private static int compareOther(Compare cmp, Row row) {
        if (cmp.getTargetValue() != LEASE_TARGET) {
            throw EtcdError.unimplemented("compare target " + cmp.getTargetValue());
        }
        UnknownFieldSet.Field field = cmp.getUnknownFields().getField(LEASE_FIELD);
        long operand = field == null || field.getVarintList().isEmpty() ? 0 : field.getVarintList().getLast();
        return Long.compare(row == null ? 0 : row.lease(), operand);
    }

    private static Row live(Row row) {
        return row == null || row.deleted() ? null : row;
    }

    private static List<Row> listOf(Row row) {
        return row == null ? List.of() : List.of(row);
    }
}
