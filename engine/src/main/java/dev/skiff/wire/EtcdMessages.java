package dev.skiff.wire;

import dev.skiff.store.Compare;
import dev.skiff.store.KeyValue;
import dev.skiff.store.Keys;
import dev.skiff.store.Op;
import dev.skiff.store.OpResult;
import dev.skiff.store.WatchEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * etcd's KV, Watch and Lease messages in protobuf wire format (etcd's rpc.proto and kv.proto),
 * written and read by hand; {@link EtcdRange} holds Range. Field numbers are etcd's.
 */
public final class EtcdMessages {
    private EtcdMessages() {}

    public static final String PUT = "/etcdserverpb.KV/Put";
    public static final String DELETE_RANGE = "/etcdserverpb.KV/DeleteRange";
    public static final String TXN = "/etcdserverpb.KV/Txn";
    public static final String WATCH = "/etcdserverpb.Watch/Watch";
    public static final String LEASE_GRANT = "/etcdserverpb.Lease/LeaseGrant";
    public static final String LEASE_REVOKE = "/etcdserverpb.Lease/LeaseRevoke";
    public static final String LEASE_KEEP_ALIVE = "/etcdserverpb.Lease/LeaseKeepAlive";
    public static final String LEASE_TIME_TO_LIVE = "/etcdserverpb.Lease/LeaseTimeToLive";

    private static final byte[] ALL_KEYS = {0};

    // ---- requests

    /** PutRequest; {@code ignoreLease} keeps the key's current lease (an update must not detach it). */
    public static Proto.Writer put(String key, byte[] value, long lease, boolean ignoreLease) {
        return new Proto.Writer().bytes(1, bytes(key)).bytes(2, value).optional(3, lease).bool(6, ignoreLease);
    }

    /** DeleteRangeRequest of one key. */
    public static Proto.Writer delete(String key) {
        return new Proto.Writer().bytes(1, bytes(key));
    }

    /** DeleteRangeRequest of every key starting with {@code prefix}. */
    public static Proto.Writer deletePrefix(String prefix) {
        return new Proto.Writer().bytes(1, prefixStart(prefix)).bytes(2, Keys.prefixEnd(prefix));
    }

    /** RangeRequest of one key. */
    public static Proto.Writer get(String key) {
        return EtcdRange.writer(bytes(key), null, 0, 0, false);
    }

    /** TxnRequest: compares, then the ops of each branch as RequestOps. */
    public static byte[] txn(List<Compare> compares, List<Proto.Writer> success, List<Proto.Writer> failure) {
        Proto.Writer txn = new Proto.Writer();
        for (Compare c : compares) txn.message(1, compare(c));
        for (Proto.Writer op : success) txn.message(2, op);
        for (Proto.Writer op : failure) txn.message(3, op);
        return txn.toByteArray();
    }

    /** A Skiff {@link Op} as a RequestOp. */
    public static Proto.Writer requestOp(Op op) {
        return switch (op) {
            case Op.Put p -> requestPut(put(p.key(), p.value(), p.lease(), false));
            case Op.Delete d -> new Proto.Writer().message(3, delete(d.key()));
            case Op.DeletePrefix d -> new Proto.Writer().message(3, deletePrefix(d.key()));
            case Op.Get g -> requestGet(g.key());
        };
    }

    public static Proto.Writer requestPut(Proto.Writer put) {
        return new Proto.Writer().message(2, put);
    }

    public static Proto.Writer requestGet(String key) {
        return new Proto.Writer().message(1, get(key));
    }

    private static Proto.Writer compare(Compare c) {
        int result = switch (c.operator()) {
            case EQUAL -> 0;
            case GREATER -> 1;
            case LESS -> 2;
            case NOT_EQUAL -> 3;
        };
        Proto.Writer w = new Proto.Writer().varint(1, result);
        return switch (c) {
            case Compare.OnValue v -> w.varint(2, 3).bytes(3, bytes(v.key())).bytes(7, v.operand());
            // the target_union is a oneof: written even when 0, so the server sees which field is meant
            case Compare.OnNumber n -> switch (n.field()) {
                case VERSION -> w.varint(2, 0).bytes(3, bytes(n.key())).varint(4, n.operand());
                case CREATE_REVISION -> w.varint(2, 1).bytes(3, bytes(n.key())).varint(5, n.operand());
                case MOD_REVISION -> w.varint(2, 2).bytes(3, bytes(n.key())).varint(6, n.operand());
                case LEASE -> w.varint(2, 4).bytes(3, bytes(n.key())).varint(8, n.operand());
            };
        };
    }

    /** WatchRequest{create_request}: every key starting with {@code prefix}, from {@code startRevision}, with prev_kv. */
    public static byte[] watchCreate(String prefix, long startRevision, boolean prevKv) {
        Proto.Writer create = new Proto.Writer().bytes(1, prefixStart(prefix)).bytes(2, Keys.prefixEnd(prefix))
                .optional(3, startRevision).bool(6, prevKv);
        return new Proto.Writer().message(1, create).toByteArray();
    }

    /** A request carrying only a lease ID (LeaseRevoke, LeaseKeepAlive, LeaseTimeToLive). */
    public static byte[] leaseId(long id) {
        return new Proto.Writer().varint(1, id).toByteArray();
    }

    public static byte[] leaseGrant(long ttlSeconds) {
        return new Proto.Writer().varint(1, ttlSeconds).toByteArray();
    }

    // ---- responses

    /** The header revision of PutResponse, DeleteRangeResponse and others whose field 1 is the header. */
    public static long headerRevision(byte[] response) {
        Proto.Reader in = new Proto.Reader(response);
        while (in.more()) {
            int tag = in.next();
            if (tag == (1 << 3 | 2)) return EtcdRange.revisionOf(in.sub());
            in.skip(tag);
        }
        return 0;
    }

    /** DeleteRangeResponse: the revision after it and how many keys went. */
    public record Deleted(long revision, long deleted) {}

    public static Deleted deleted(byte[] response) {
        return deleted(new Proto.Reader(response));
    }

    private static Deleted deleted(Proto.Reader in) {
        long revision = 0, deleted = 0;
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) | 2 -> revision = EtcdRange.revisionOf(in.sub());
                case (2 << 3) -> deleted = in.varint();
                default -> in.skip(tag);
            }
        }
        return new Deleted(revision, deleted);
    }

    /** TxnResponse; {@code results} follow the ops of the branch that ran, in order. */
    public record TxnAnswer(boolean succeeded, long revision, List<OpResult> results) {}

    public static TxnAnswer txnAnswer(byte[] response) {
        Proto.Reader in = new Proto.Reader(response);
        long revision = 0;
        boolean succeeded = false;
        List<Proto.Reader> responses = new ArrayList<>();
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) | 2 -> revision = EtcdRange.revisionOf(in.sub());
                case (2 << 3) -> succeeded = in.varint() != 0;
                case (3 << 3) | 2 -> responses.add(in.sub());
                default -> in.skip(tag);
            }
        }
        List<OpResult> results = new ArrayList<>();
        for (Proto.Reader op : responses) results.add(opResult(op, revision));
        return new TxnAnswer(succeeded, revision, results);
    }

    private static OpResult opResult(Proto.Reader op, long txnRevision) {
        while (op.more()) {
            int tag = op.next();
            switch (tag) {
                case (1 << 3) | 2 -> {
                    return new OpResult.Get(EtcdRange.page(op.sub(), 0).items().stream().findFirst());
                }
                case (2 << 3) | 2 -> {
                    op.sub();
                    return new OpResult.Put(txnRevision); // a txn's writes all happen at the txn's revision
                }
                case (3 << 3) | 2 -> {
                    return new OpResult.Delete(deleted(op.sub()).deleted());
                }
                default -> op.skip(tag);
            }
        }
        throw new WireException("a txn response op of an unknown kind");
    }

    /** One WatchResponse: a created/canceled notice and/or a batch of events. */
    public record WatchAnswer(long watchId, boolean created, boolean canceled, long compactRevision, String cancelReason,
                              long revision, List<WatchEvent> events) {}

    public static WatchAnswer watchAnswer(byte[] response) {
        Proto.Reader in = new Proto.Reader(response);
        long watchId = 0, compact = 0, revision = 0;
        boolean created = false, canceled = false;
        String reason = "";
        List<WatchEvent> events = new ArrayList<>();
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) | 2 -> revision = EtcdRange.revisionOf(in.sub());
                case (2 << 3) -> watchId = in.varint();
                case (3 << 3) -> created = in.varint() != 0;
                case (4 << 3) -> canceled = in.varint() != 0;
                case (5 << 3) -> compact = in.varint();
                case (6 << 3) | 2 -> reason = in.sub().string();
                case (11 << 3) | 2 -> events.add(event(in.sub()));
                default -> in.skip(tag);
            }
        }
        return new WatchAnswer(watchId, created, canceled, compact, reason, revision, events);
    }

    private static WatchEvent event(Proto.Reader in) {
        int type = 0;
        KeyValue kv = null;
        KeyValue prev = null;
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (1 << 3) -> type = (int) in.varint();
                case (2 << 3) | 2 -> kv = EtcdRange.keyValue(in.sub());
                case (3 << 3) | 2 -> prev = EtcdRange.keyValue(in.sub());
                default -> in.skip(tag);
            }
        }
        if (kv == null) throw new WireException("a watch event without its key");
        // etcd sends an empty prev_kv (createRevision 0) when there was none
        Optional<KeyValue> previous = prev == null || prev.createRevision() == 0 ? Optional.empty() : Optional.of(prev);
        return switch (type) {
            case 0 -> new WatchEvent.Put(kv, previous);
            case 1 -> new WatchEvent.Delete(kv.key(), kv.modRevision(), previous);
            default -> throw new WireException("unknown watch event type " + type + " from the store");
        };
    }

    /** LeaseGrantResponse, LeaseKeepAliveResponse, LeaseTimeToLiveResponse: ID 2, TTL 3, grantedTTL 4, error 4 (grant). */
    public record LeaseAnswer(long id, long ttl, long grantedTtl, String error) {}

    public static LeaseAnswer leaseAnswer(byte[] response, boolean grant) {
        Proto.Reader in = new Proto.Reader(response);
        long id = 0, ttl = 0, granted = 0;
        String error = "";
        while (in.more()) {
            int tag = in.next();
            switch (tag) {
                case (2 << 3) -> id = in.varint();
                case (3 << 3) -> ttl = in.varint();
                case (4 << 3) -> granted = in.varint(); // LeaseTimeToLiveResponse.grantedTTL
                case (4 << 3) | 2 -> error = in.sub().string(); // LeaseGrantResponse.error
                default -> in.skip(tag);
            }
        }
        return new LeaseAnswer(id, ttl, grant ? 0 : granted, error);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** etcd reads key "\0" with a range end as "from the first key": the empty prefix means every key. */
    private static byte[] prefixStart(String prefix) {
        return prefix.isEmpty() ? ALL_KEYS : bytes(prefix);
    }
}
