package dev.skiff.store.embedded;

/** A unit of work the writer applies inside its transaction; an exception undoes only this op. */
@FunctionalInterface
interface WriteOp<T> {
    T apply(WriteContext context);
}
