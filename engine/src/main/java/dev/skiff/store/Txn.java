package dev.skiff.store;

import java.util.List;

/**
 * A multi-key atomic transaction: if every compare holds, the {@code then} ops run, else the
 * {@code otherwise} ops — all at one revision. Immutable: each step returns a new Txn.
 * <pre>Txn.when(Compare.absent(k)).then(Op.put(k, v, 0)).otherwise(Op.get(k))</pre>
 */
public record Txn(List<Compare> compares, List<Op> success, List<Op> failure) {

    public Txn {
        compares = List.copyOf(compares);
        success = List.copyOf(success);
        failure = List.copyOf(failure);
    }

    public static Txn when(Compare... compares) {
        return new Txn(List.of(compares), List.of(), List.of());
    }

    public Txn then(Op... ops) {
        return new Txn(compares, List.of(ops), failure);
    }

    public Txn otherwise(Op... ops) {
        return new Txn(compares, success, List.of(ops));
    }
}
