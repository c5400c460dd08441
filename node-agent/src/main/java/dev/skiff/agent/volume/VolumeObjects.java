package dev.skiff.agent.volume;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Secret;
import dev.skiff.client.Client;
import dev.skiff.client.Informer;
import java.util.Optional;

/** Where configMap and secret volumes read their objects: the agent's informer caches, or the store. */
public interface VolumeObjects {

    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    static VolumeObjects of(Informer<ConfigMap> configMaps, Informer<Secret> secrets) {
        return new VolumeObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return configMaps.get(namespace, name);
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return secrets.get(namespace, name);
            }
        };
    }

    static VolumeObjects of(Client client) {
        return new VolumeObjects() {
            @Override
            public Optional<ConfigMap> configMap(String namespace, String name) {
                return client.get(ConfigMap.class, namespace, name);
            }

            @Override
            public Optional<Secret> secret(String namespace, String name) {
                return client.get(Secret.class, namespace, name);
            }
        };
    }
}
