package dev.skiff.store.embedded;

/** The SQLite file failed underneath us (I/O error, full disk, corruption): nothing was acknowledged. */
public final class StoreFailure extends RuntimeException {
    StoreFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
