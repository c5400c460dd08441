package dev.skiff.api;

import com.fasterxml.jackson.databind.JsonNode;

/** One YAML/JSON document of a file, as a tree plus the positions of its fields. */
public record ParsedDocument(String source, int index, JsonNode tree, LocationIndex locations) {

    /** Where the document starts. */
    public SourceLocation location() {
        return locations.locateValue("");
    }

    public ManifestError error(FieldError error) {
        return new ManifestError(locations.locate(error.path()), error.path(), error.message());
    }
}
