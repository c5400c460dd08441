package dev.skiff.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.LabelSelector;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawLabelFilterTest {

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void passesObjectsThatMayMatchAndSkipsThoseThatCannot() {
        RawLabelFilter f = RawLabelFilter.of(LabelSelector.parse("app=web7,tier=db"));
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web7\",\"tier\":\"db\"}}}"))).isTrue();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\": {\"app\" : \"web7\", \"tier\": \"db\"}}}"))).isTrue();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web70\",\"tier\":\"db\"}}}"))).isFalse();
        assertThat(f.mayMatch(json("{\"metadata\":{\"labels\":{\"app\":\"web7\"}}}"))).isFalse();
    }

    @Test
    void onlyEqualitiesNarrowTheSearch() {
        RawLabelFilter f = RawLabelFilter.of(LabelSelector.parse("app!=web,tier in (a,b),!gone,env="));
        assertThat(f.mayMatch(json("{}"))).isTrue();
        assertThat(RawLabelFilter.of(null).mayMatch(json("{}"))).isTrue();
    }
}
