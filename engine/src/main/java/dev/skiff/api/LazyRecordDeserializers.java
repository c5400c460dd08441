package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.deser.ResolvableDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * Builds a Skiff record's deserializer the first time a value of that record is read, not when the deserializer
 * of a type that holds it is built. Jackson builds a type's deserializer with every one beneath it: a Pod's is ~80
 * records (every volume source, probe, affinity term…), ~0.2 s of a one-shot {@code get} that decodes pods using a
 * dozen of them, and memory an agent keeps for types it never sees. Once built, decoding is Jackson's own.
 * Deserializers a record's property asks to contextualise ({@code @JsonFormat}, {@code @JsonIgnoreProperties},
 * {@code @JsonIncludeProperties} on the property) are built at once, as Jackson would.
 */
final class LazyRecordDeserializers extends Deserializers.Base {

    /** Registers them with a mapper. */
    static com.fasterxml.jackson.databind.Module module() {
        return new com.fasterxml.jackson.databind.module.SimpleModule("skiff-lazy-records") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new LazyRecordDeserializers());
            }
        };
    }

    /** The record whose real deserializer this thread is building (so it is not handed a lazy one for it). */
    private static final ThreadLocal<Class<?>> BUILDING = new ThreadLocal<>();

    @Override
    public JsonDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config, BeanDescription beanDesc) {
        Class<?> raw = type.getRawClass();
        if (!raw.isRecord() || !raw.getName().startsWith("dev.skiff.") || BUILDING.get() == raw) return null;
        return new Lazy(type);
    }

    /** Stands in for a record's bean deserializer until the first value, then delegates to it. */
    static final class Lazy extends JsonDeserializer<Object> implements ContextualDeserializer {
        private final JavaType type;
        private volatile JsonDeserializer<Object> real;

        Lazy(JavaType type) {
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return real(ctxt).deserialize(p, ctxt);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt, Object intoValue) throws IOException {
            return real(ctxt).deserialize(p, ctxt, intoValue);
        }

        @Override
        public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer typeDeserializer)
                throws IOException {
            return real(ctxt).deserializeWithType(p, ctxt, typeDeserializer);
        }

        @Override
        public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property)
                throws com.fasterxml.jackson.databind.JsonMappingException {
            if (property == null || property.getAnnotation(JsonFormat.class) == null
                    && property.getAnnotation(JsonIgnoreProperties.class) == null
                    && property.getAnnotation(JsonIncludeProperties.class) == null) {
                return this;
            }
            return ctxt.handleSecondaryContextualization(real(ctxt), property, type);
        }

        /** The record's bean deserializer, built (and resolved) on first use; two threads may both build it. */
        @SuppressWarnings("unchecked")
        private JsonDeserializer<Object> real(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            JsonDeserializer<Object> built = real;
            if (built != null) return built;
            Class<?> outer = BUILDING.get();
            BUILDING.set(type.getRawClass());
            try {
                built = (JsonDeserializer<Object>) ctxt.getFactory().createBeanDeserializer(ctxt, type,
                        ctxt.getConfig().introspect(type));
            } finally {
                BUILDING.set(outer);
            }
            if (built instanceof ResolvableDeserializer r) r.resolve(ctxt);
            built = (JsonDeserializer<Object>) ctxt.handleSecondaryContextualization(built, null, type);
            real = built;
            return built;
        }

        @Override
        public Class<?> handledType() {
            return type.getRawClass();
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.POJO;
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public Boolean supportsUpdate(DeserializationConfig config) {
            return Boolean.TRUE; // as a bean deserializer says
        }
    }
}
