package dev.skiff.output;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Resource;
import java.time.Instant;
import java.util.List;

/** A kind registered at run time, as the chaos kinds will be, with no printer of its own. */
record Widget(String apiVersion, String kind, ObjectMeta metadata, String phase) implements Resource {

    static KindInfo register() {
        KindInfo info = new KindInfo("Widget", "test.skiff.dev", "v1", "widgets", null, List.of(), true, Widget.class);
        Kinds.register(info);
        return info;
    }

    static Widget named(String name, String created, String phase) {
        return new Widget("test.skiff.dev/v1", "Widget",
                ObjectMeta.named("default", name).withCreationTimestamp(Instant.parse(created)), phase);
    }

    @Override
    public Widget withMetadata(ObjectMeta v) {
        return new Widget(apiVersion, kind, v, phase);
    }
}
