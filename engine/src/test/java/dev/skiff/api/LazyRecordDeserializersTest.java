package dev.skiff.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A record's deserializer is built when a value of it is first read, not with the record that holds it. */
class LazyRecordDeserializersTest {

    /** Jackson cannot build this one's deserializer: two properties take the name "a". */
    record Unbuildable(@JsonProperty("a") String x, @JsonProperty("a") String y) {}

    record Inner(String value, List<Inner> children) {}

    record Outer(String name, Inner inner, Unbuildable rare) {}

    @Test
    void aNestedRecordIsBuiltOnlyWhenAValueOfItIsRead() throws Exception {
        Outer o = Json.json().readValue("{\"name\": \"x\", \"inner\": {\"value\": \"v\", \"children\": [{\"value\": \"w\"}]}}",
                Outer.class);
        assertThat(o).isEqualTo(new Outer("x", new Inner("v", List.of(new Inner("w", null))), null));
        assertThatThrownBy(() -> Json.json().readValue("{\"rare\": {\"a\": \"1\"}}", Outer.class))
                .isInstanceOf(InvalidDefinitionException.class);
    }

    @Test
    void errorsInsideALazilyBuiltRecordNameTheirPathAsBefore() {
        assertThatThrownBy(() -> Json.json().readValue("{\"inner\": {\"children\": [{\"valu\": \"w\"}]}}", Outer.class))
                .isInstanceOf(UnrecognizedPropertyException.class)
                .hasMessageContaining("\"valu\"")
                .hasMessageContaining("Outer[\"inner\"]->dev.skiff.api.LazyRecordDeserializersTest$Inner[\"children\"]->java.util.ArrayList[0]");
    }
}
