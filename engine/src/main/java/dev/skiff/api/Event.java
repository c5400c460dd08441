package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/** Something that happened to an object, shown at the end of describe. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"apiVersion", "kind", "metadata", "involvedObject", "reason", "message", "source", "firstTimestamp", "lastTimestamp", "count", "type"})
public record Event(String apiVersion, String kind, ObjectMeta metadata, ObjectReference involvedObject, String reason, String message, EventSource source, Instant firstTimestamp, Instant lastTimestamp, Integer count, String type, String reportingComponent, String reportingInstance) implements Resource {

    public static final String API_VERSION = "v1";
    public static final String KIND = "Event";

    /** apiVersion, kind and metadata are never null: absent ones take this kind's values. */
    public Event {
        apiVersion = apiVersion == null ? API_VERSION : apiVersion;
        kind = kind == null ? KIND : kind;
        metadata = metadata == null ? ObjectMeta.EMPTY : metadata;
    }

    @Override
    public Event withMetadata(ObjectMeta v) {
        return new Event(apiVersion, kind, v, involvedObject, reason, message, source, firstTimestamp, lastTimestamp, count, type, reportingComponent, reportingInstance);
    }

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    /** Another occurrence of the same event. */
    public Event repeated(Instant at) {
        return new Event(apiVersion, kind, metadata, involvedObject, reason, message, source,
                firstTimestamp, at, count == null ? 2 : count + 1, type, reportingComponent,
                reportingInstance);
    }
}
