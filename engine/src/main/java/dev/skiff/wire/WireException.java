package dev.skiff.wire;

/** A gRPC call over the light transport failed: protocol surprise, lost connection, or the server's refusal. */
public sealed class WireException extends RuntimeException permits WireException.Status {
    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The server answered the call with a gRPC error ({@code code}, e.g. 11 OUT_OF_RANGE); the connection itself is fine. */
    public static final class Status extends WireException {
        private final int code;
        private final String detail;

        public Status(int code, String detail) {
            super("gRPC status " + code + ": " + detail);
            this.code = code;
            this.detail = detail;
        }

        public int code() { return code; }

        /** The server's grpc-message, e.g. "etcdserver: mvcc: required revision has been compacted". */
        public String detail() { return detail; }
    }
}
