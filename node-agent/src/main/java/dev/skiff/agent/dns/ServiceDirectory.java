package dev.skiff.agent.dns;

import dev.skiff.api.Endpoints;
import dev.skiff.api.Service;
import java.util.Optional;

/** Where DNS looks services up: the agent's informer caches. */
public interface ServiceDirectory {

    Optional<Service> service(String namespace, String name);

    Optional<Endpoints> endpoints(String namespace, String name);

    boolean namespaceHasServices(String namespace);
}
