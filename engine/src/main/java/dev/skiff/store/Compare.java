package dev.skiff.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A condition of a {@link Txn} on one key, as etcd evaluates it: an absent key has
 * createRevision, modRevision, version and lease 0.
 * <pre>Compare.modRevision(key).eq(12)   Compare.absent(key)   Compare.value(key).eq(bytes)</pre>
 */
public sealed interface Compare {

    enum Operator { EQUAL, NOT_EQUAL, LESS, GREATER }

    enum Field { MOD_REVISION, CREATE_REVISION, VERSION, LEASE }

    String key();

    Operator operator();

    record OnNumber(String key, Field field, Operator operator, long operand) implements Compare {
        public OnNumber {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(operator, "operator");
        }
    }

    record OnValue(String key, Operator operator, byte[] operand) implements Compare {
        public OnValue {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            Objects.requireNonNull(operand, "operand");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof OnValue other && key.equals(other.key) && operator == other.operator
                    && Arrays.equals(operand, other.operand);
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, operator, Arrays.hashCode(operand));
        }
    }

    /** The left-hand side of a numeric compare; pick the operator to get a {@link Compare}. */
    record NumberTarget(String key, Field field) {
        public Compare eq(long v) { return new OnNumber(key, field, Operator.EQUAL, v); }
        public Compare ne(long v) { return new OnNumber(key, field, Operator.NOT_EQUAL, v); }
        public Compare lt(long v) { return new OnNumber(key, field, Operator.LESS, v); }
        public Compare gt(long v) { return new OnNumber(key, field, Operator.GREATER, v); }
    }

    record ValueTarget(String key) {
        public Compare eq(byte[] v) { return new OnValue(key, Operator.EQUAL, v); }
        public Compare ne(byte[] v) { return new OnValue(key, Operator.NOT_EQUAL, v); }
        public Compare lt(byte[] v) { return new OnValue(key, Operator.LESS, v); }
        public Compare gt(byte[] v) { return new OnValue(key, Operator.GREATER, v); }
        public Compare eq(String v) { return eq(v.getBytes(StandardCharsets.UTF_8)); }
    }

    static NumberTarget modRevision(String key) { return new NumberTarget(key, Field.MOD_REVISION); }

    static NumberTarget createRevision(String key) { return new NumberTarget(key, Field.CREATE_REVISION); }

    static NumberTarget version(String key) { return new NumberTarget(key, Field.VERSION); }

    static NumberTarget lease(String key) { return new NumberTarget(key, Field.LEASE); }

    static ValueTarget value(String key) { return new ValueTarget(key); }

    /** The key does not exist (createRevision == 0). */
    static Compare absent(String key) { return createRevision(key).eq(0); }

    /** The key exists (createRevision > 0). */
    static Compare present(String key) { return createRevision(key).gt(0); }
}
