package dev.skiff.agent.proxy;

/** A bound frontend socket with its accept (or receive) loop. */
sealed interface Listener extends AutoCloseable permits TcpListener, UdpListener {

    Frontend frontend();

    @Override
    void close();
}
