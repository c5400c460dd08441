package dev.skiff.store.embedded;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * An error the server answers with, carrying etcd's exact gRPC code and message: jetcd and etcdctl
 * recognise errors by their description string, so these must match etcd's rpctypes verbatim.
 */
public final class EtcdError extends RuntimeException {
    private final Status.Code code;

    private EtcdError(Status.Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Status.Code code() {
        return code;
    }

    public StatusRuntimeException toStatus() {
        return Status.fromCode(code).withDescription(getMessage()).asRuntimeException();
    }

    static EtcdError emptyKey() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: key is not provided");
    }

    static EtcdError keyNotFound() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: key not found");
    }

    static EtcdError valueProvided() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: value is provided");
    }

    static EtcdError leaseProvided() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: lease is provided");
    }

    static EtcdError tooManyOps() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: too many operations in txn request");
    }

    static EtcdError duplicateKey() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: duplicate key given in txn request");
    }

    static EtcdError rangeEndBeforeKey() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: range end is before key");
    }

    static EtcdError requestTooLarge() {
        return new EtcdError(Status.Code.INVALID_ARGUMENT, "etcdserver: request is too large");
    }

    static EtcdError compacted() {
        return new EtcdError(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision has been compacted");
    }

    static EtcdError futureRevision() {
        return new EtcdError(Status.Code.OUT_OF_RANGE, "etcdserver: mvcc: required revision is a future revision");
    }

    static EtcdError leaseNotFound() {
        return new EtcdError(Status.Code.NOT_FOUND, "etcdserver: requested lease not found");
    }

    static EtcdError leaseExists() {
        return new EtcdError(Status.Code.FAILED_PRECONDITION, "etcdserver: lease already exists");
    }

    static EtcdError leaseTtlTooLarge() {
        return new EtcdError(Status.Code.OUT_OF_RANGE, "etcdserver: too large lease TTL");
    }

    static EtcdError unavailable(String why) {
        return new EtcdError(Status.Code.UNAVAILABLE, "etcdserver: " + why);
    }

    static EtcdError unimplemented(String what) {
        return new EtcdError(Status.Code.UNIMPLEMENTED, "skiff: " + what + " is not supported by the embedded store");
    }
}
