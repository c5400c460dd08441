package dev.skiff.agent.proxy;

import java.util.Optional;

/** What listeners ask the proxy at each new connection (so a listener never holds stale routes). */
interface Router {

    Optional<PortKey> keyOf(Frontend frontend);

    Optional<Balancer> balancer(PortKey key);

    ConnectionFilter filter();

    ProxyConfig config();

    /** The event loop the next established connection is copied on. */
    EventLoop loop();

    void opened(TcpConnection c);

    void closed(TcpConnection c);

    /** A client was refused because none of the service's {@code tried} backends answered (or it has none). */
    void unanswered(PortKey key, int tried);
}
