package io.etcd.jetcd.op;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.api.Compare;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RequestOp;

/**
 * Two etcd features jetcd 0.8.6 does not expose: comparing a key's lease in a txn, and a put that
 * keeps the key's lease (ignore_lease). Both are plain fields of the etcd protocol; jetcd builds
 * the protobuf in package-private methods, so these adapters live in jetcd's package. Used only by
 * dev.skiff.store.
 */
public final class SkiffOps {

    private static final int LEASE_TARGET = 4;
    private static final int LEASE_FIELD = 8;

    private SkiffOps() {}

    public static Cmp leaseCmp(ByteSequence key, Cmp.Op op, long lease) {
        return new LeaseCmp(key, op, lease);
    }

    public static Op putKeepingLease(ByteSequence key, ByteSequence value) {
        return new KeepLeasePut(key, value);
    }

    private static final class LeaseCmp extends Cmp {
        private final ByteSequence key;
        private final Cmp.Op op;
        private final long lease;

        LeaseCmp(ByteSequence key, Cmp.Op op, long lease) {
            super(key, op, CmpTarget.version(0));
            this.key = key;
            this.op = op;
            this.lease = lease;
        }

        @Override
        Compare toCompare(ByteSequence namespace) {
            Compare.CompareResult result = switch (op) {
                case EQUAL -> Compare.CompareResult.EQUAL;
                case NOT_EQUAL -> Compare.CompareResult.NOT_EQUAL;
                case LESS -> Compare.CompareResult.LESS;
                case GREATER -> Compare.CompareResult.GREATER;
            };
            return Compare.newBuilder()
                    .setKey(withNamespace(key, namespace))
                    .setResult(result)
                    // jetcd's copy of rpc.proto predates the LEASE target (4) and its field (lease = 8)
                    .setTargetValue(LEASE_TARGET)
                    .setUnknownFields(UnknownFieldSet.newBuilder()
                            .addField(LEASE_FIELD, UnknownFieldSet.Field.newBuilder().addVarint(lease).build())
                            .build())
                    .build();
        }
    }

    private static final class KeepLeasePut extends Op {
        private final ByteSequence value;

        KeepLeasePut(ByteSequence key, ByteSequence value) {
            super(Type.PUT, ByteString.copyFrom(key.getBytes()));
            this.value = value;
        }

        @Override
        RequestOp toRequestOp(ByteSequence namespace) {
            PutRequest put = PutRequest.newBuilder()
                    .setKey(withNamespace(ByteSequence.from(key), namespace))
                    .setValue(ByteString.copyFrom(value.getBytes()))
                    .setIgnoreLease(true)
                    .build();
            return RequestOp.newBuilder().setRequestPut(put).build();
        }
    }

    private static ByteString withNamespace(ByteSequence key, ByteSequence namespace) {
        ByteString k = ByteString.copyFrom(key.getBytes());
        return namespace == null || namespace.isEmpty() ? k : ByteString.copyFrom(namespace.getBytes()).concat(k);
    }
}
