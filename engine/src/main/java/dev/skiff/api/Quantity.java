package dev.skiff.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 250m}, {@code 128Mi}, {@code 1e3}): an exact decimal amount plus
 * the notation family it was written in, which only matters for printing. Equality is by amount.
 */
@JsonSerialize(using = Quantity.Serializer.class)
@JsonDeserialize(using = Quantity.Deserializer.class)
public final class Quantity implements Comparable<Quantity> {

    /** The three notations Kubernetes keeps when it re-prints a quantity. */
    public enum Format { DECIMAL_SI, BINARY_SI, DECIMAL_EXPONENT }

    public static final Quantity ZERO = new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI);

    // Kubernetes keeps nano precision and rounds anything finer up.
    private static final int MAX_SCALE = 9;
    private static final Pattern SYNTAX = Pattern.compile("([+-]?)(\\d+\\.?\\d*|\\.\\d+)(.*)");
    private static final Pattern EXPONENT = Pattern.compile("[eE]([+-]?\\d{1,9})");
    private static final Map<String, Integer> DECIMAL_SUFFIXES = Map.of(
            "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY_SUFFIXES = Map.of(
            "Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final String[] BINARY_BY_POWER = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String[] DECIMAL_BY_EXPONENT = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final BigDecimal BINARY_LIMIT = BigDecimal.valueOf(1024);

    private final BigDecimal amount;
    private final Format format;

    private Quantity(BigDecimal amount, Format format) {
        this.amount = roundUpToNano(amount);
        this.format = format;
    }

    public static Quantity parse(String text) {
        if (text == null) throw new QuantityFormatException("null");
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) throw new QuantityFormatException(text);
        BigDecimal number = new BigDecimal(m.group(2).endsWith(".") ? m.group(2) + "0" : m.group(2));
        if (m.group(1).equals("-")) number = number.negate();
        String suffix = m.group(3);
        Integer decimal = DECIMAL_SUFFIXES.get(suffix);
        if (decimal != null) return new Quantity(number.scaleByPowerOfTen(decimal), Format.DECIMAL_SI);
        Integer binary = BINARY_SUFFIXES.get(suffix);
        if (binary != null) {
            return new Quantity(number.multiply(new BigDecimal(BigInteger.TWO.pow(binary))), Format.BINARY_SI);
        }
        Matcher e = EXPONENT.matcher(suffix);
        if (e.matches()) {
            return new Quantity(number.scaleByPowerOfTen(Integer.parseInt(e.group(1))), Format.DECIMAL_EXPONENT);
        }
        throw new QuantityFormatException(text);
    }

    public static Quantity of(long value, Format format) {
        return new Quantity(BigDecimal.valueOf(value), format);
    }

    public static Quantity ofMillis(long millis) {
        return new Quantity(BigDecimal.valueOf(millis, 3), Format.DECIMAL_SI);
    }

    public static Quantity ofBytes(long bytes) {
        return of(bytes, Format.BINARY_SI);
    }

    public BigDecimal amount() {
        return amount;
    }

    public Format format() {
        return format;
    }

    // Sums keep this quantity's notation, unless it is zero (a fresh accumulator), as Kubernetes does.
    public Quantity add(Quantity other) {
        return new Quantity(amount.add(other.amount), isZero() ? other.format : format);
    }

    public Quantity subtract(Quantity other) {
        return new Quantity(amount.subtract(other.amount), isZero() ? other.format : format);
    }

    public Quantity multiply(long factor) {
        return new Quantity(amount.multiply(BigDecimal.valueOf(factor)), format);
    }

    public Quantity negate() {
        return new Quantity(amount.negate(), format);
    }

    public boolean isZero() {
        return amount.signum() == 0;
    }

    public int signum() {
        return amount.signum();
    }

    /** The amount in thousandths, rounded up (a CPU of 0.0001 still asks for 1m). */
    public long milliValue() {
        return amount.scaleByPowerOfTen(3).setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The amount rounded up to a whole number (memory of 0.5 bytes is 1 byte). */
    public long value() {
        return amount.setScale(0, RoundingMode.CEILING).longValueExact();
    }

    @Override
    public int compareTo(Quantity other) {
        return amount.compareTo(other.amount);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Quantity q && amount.compareTo(q.amount) == 0;
    }

    @Override
    public int hashCode() {
        return amount.signum() == 0 ? 0 : amount.stripTrailingZeros().hashCode();
    }

    /** The canonical Kubernetes spelling: same notation family, largest suffix with an integer mantissa. */
    @Override
    public String toString() {
        if (isZero()) return "0";
        if (format == Format.BINARY_SI && isWhole() && amount.abs().compareTo(BINARY_LIMIT) >= 0) {
            return binaryString();
        }
        return decimalString(format == Format.DECIMAL_EXPONENT);
    }

    private boolean isWhole() {
        return amount.stripTrailingZeros().scale() <= 0;
    }

    private String binaryString() {
        BigInteger whole = amount.toBigIntegerExact();
        int power = Math.min(whole.abs().getLowestSetBit() / 10, BINARY_BY_POWER.length - 1);
        return whole.shiftRight(10 * power) + BINARY_BY_POWER[power];
    }

    private String decimalString(boolean exponentNotation) {
        BigDecimal stripped = amount.stripTrailingZeros();
        // -scale is the largest power of ten dividing the amount; round it down to a multiple of three.
        int exponent = Math.floorDiv(-stripped.scale(), 3) * 3;
        if (!exponentNotation) exponent = Math.min(exponent, 18);
        String mantissa = stripped.scaleByPowerOfTen(-exponent).setScale(0, RoundingMode.UNNECESSARY).toPlainString();
        if (exponentNotation) return exponent == 0 ? mantissa : mantissa + "e" + exponent;
        return mantissa + DECIMAL_BY_EXPONENT[exponent / 3 + 3];
    }

    private static BigDecimal roundUpToNano(BigDecimal value) {
        return value.scale() > MAX_SCALE ? value.setScale(MAX_SCALE, RoundingMode.CEILING) : value;
    }

    static final class Serializer extends JsonSerializer<Quantity> {
        @Override
        public void serialize(Quantity value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    /** Reads a string or a bare number: {@code cpu: 2} in YAML arrives as an int. */
    static final class Deserializer extends JsonDeserializer<Quantity> {
        @Override
        public Quantity deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT) return parseOrFail(p, p.getText(), ctxt);
            if (token == JsonToken.VALUE_NUMBER_FLOAT) return parseOrFail(p, p.getDecimalValue().toString(), ctxt);
            return (Quantity) ctxt.handleUnexpectedToken(Quantity.class, p);
        }

        private static Quantity parseOrFail(JsonParser p, String text, DeserializationContext ctxt) throws IOException {
            try {
                return parse(text);
            } catch (QuantityFormatException e) {
                throw ctxt.weirdStringException(text, Quantity.class, e.getMessage());
            }
        }
    }
}
