package dev.skiff.store;

import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The one place where jetcd, gRPC and network failures become {@link StoreException}s. */
final class EtcdErrors {

    static final String START_HINT = StoreException.Unavailable.START_HINT;

    private final List<String> endpoints;

    EtcdErrors(List<String> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    List<String> endpoints() {
        return endpoints;
    }

    /** Maps a failure of a request; unknown server refusals become IllegalArgumentException. */
    RuntimeException map(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof StoreException se) return se;
        if (t instanceof CompactedException ce) return new StoreException.Compacted(ce.getCompactedRevision());
        if (isCompaction(t)) return new StoreException.Compacted(-1);
        if (t instanceof IllegalArgumentException iae) return iae;
        if (isLeaseNotFound(t)) return new StoreException.LeaseNotFound(t);
        String message = StoreException.Unavailable.reason(t);
        if (isRefusal(t)) return new IllegalArgumentException("the store rejected the request: " + message, t);
        return unavailable(message, t);
    }

    StoreException.Unavailable timeout(Duration waited) {
        return StoreException.Unavailable.noAnswer(endpoints, waited);
    }

    StoreException.Unavailable unavailable(String what, Throwable cause) {
        return new StoreException.Unavailable(endpoints, what + " — " + START_HINT, cause);
    }

    static boolean isCompaction(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof CompactedException) return true;
        String m = t.getMessage();
        return m != null && m.contains("required revision has been compacted");
    }

    static boolean isFutureRevision(Throwable failure) {
        String m = unwrap(failure).getMessage();
        return m != null && m.contains("required revision is a future revision");
    }

    static boolean isLeaseNotFound(Throwable failure) {
        if (unwrap(failure) instanceof io.etcd.jetcd.lease.NoSuchLeaseException) return true;
        String m = unwrap(failure).getMessage();
        return m != null && m.contains("requested lease not found");
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean isRefusal(Throwable t) {
        Status.Code code = statusCode(t);
        return code == Status.Code.INVALID_ARGUMENT || code == Status.Code.FAILED_PRECONDITION
                || code == Status.Code.OUT_OF_RANGE || code == Status.Code.PERMISSION_DENIED
                || code == Status.Code.RESOURCE_EXHAUSTED || code == Status.Code.NOT_FOUND;
    }

    private static Status.Code statusCode(Throwable t) {
        if (t instanceof StatusRuntimeException sre) return sre.getStatus().getCode();
        if (t instanceof StatusException se) return se.getStatus().getCode();
        if (t instanceof EtcdException ee) return Status.Code.valueOf(ee.getErrorCode().name());
        return Status.fromThrowable(t).getCode();
    }

}
