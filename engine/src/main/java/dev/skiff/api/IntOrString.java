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
import java.util.Objects;

/** Kubernetes' int-or-string ({@code targetPort: 8080 | http}, {@code maxSurge: 1 | 25%}); written back as read. */
@JsonSerialize(using = IntOrString.Serializer.class)
@JsonDeserialize(using = IntOrString.Deserializer.class)
public sealed interface IntOrString {

    record Int(int value) implements IntOrString {
        @Override
        public String toString() {
            return Integer.toString(value);
        }
    }

    record Str(String value) implements IntOrString {
        public Str {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value;
        }
    }

    static IntOrString of(int value) {
        return new Int(value);
    }

    static IntOrString of(String value) {
        return new Str(value);
    }

    default boolean isInt() {
        return this instanceof Int;
    }

    default int intValue() {
        if (this instanceof Int i) return i.value();
        throw new IllegalStateException("\"" + this + "\" is a string, not an integer");
    }

    default String stringValue() {
        return toString();
    }

    default boolean isPercent() {
        return this instanceof Str s && s.value().endsWith("%");
    }

    /**
     * An absolute value, or a percentage of {@code total} rounded up or down, as Kubernetes'
     * {@code GetScaledValueFromIntOrPercent} (maxSurge rounds up, maxUnavailable down).
     */
    default int scaledValue(int total, boolean roundUp) {
        return switch (this) {
            case Int i -> i.value();
            case Str s -> {
                int percent = parsePercent(s.value());
                long scaled = (long) percent * total;
                yield (int) (roundUp ? Math.ceilDiv(scaled, 100) : Math.floorDiv(scaled, 100));
            }
        };
    }

    private static int parsePercent(String text) {
        if (text.endsWith("%")) {
            try {
                return Integer.parseInt(text.substring(0, text.length() - 1));
            } catch (NumberFormatException ignored) {
                // fall through to the one error message below
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not an integer or a percentage (examples: 1, 25%)");
    }

    final class Serializer extends JsonSerializer<IntOrString> {
        @Override
        public void serialize(IntOrString value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            switch (value) {
                case Int i -> gen.writeNumber(i.value());
                case Str s -> gen.writeString(s.value());
            }
        }
    }

    final class Deserializer extends JsonDeserializer<IntOrString> {
        @Override
        public IntOrString deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) return new Str(p.getText());
            if (token == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
                return new Int(p.getIntValue());
            }
            return (IntOrString) ctxt.handleUnexpectedToken(IntOrString.class, p);
        }
    }
}
