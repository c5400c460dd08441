package dev.skiff.store;

/** Keeps a lease alive in the background until closed, or until the lease is lost. */
public interface KeepAlive extends AutoCloseable {

    long leaseId();

    /** False once the lease has expired, been revoked, or could not be renewed before its TTL ran out. */
    boolean isAlive();

    /** Stops renewing (the lease then expires after its TTL; revoke it to end it at once). */
    @Override
    void close();
}
