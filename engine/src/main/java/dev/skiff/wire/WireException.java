package dev.skiff.wire;

/** The light transport could not do a call (protocol surprise, refusal, gRPC error): the caller falls back to jetcd. */
public sealed class WireException extends RuntimeException permits WireException.Status {
    public WireException(String message) {
        super(message);
    }

    public WireException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The server answered the call with a gRPC error; the connection itself is fine. */
    public static final class Status extends WireException {
        public Status(String message) {
            super(message);
        }
    }
}
