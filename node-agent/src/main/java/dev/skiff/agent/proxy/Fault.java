package dev.skiff.agent.proxy;

/**
 * What happens to one proxied connection — the seam NetworkChaos plugs into (delay, loss, reset,
 * bandwidth, blackhole) without kernel modules. Methods may block: a delay or a bandwidth cap
 * simply sleeps (on the connection's own virtual thread). For a UDP flow they must not block: one
 * loop serves every client of the frontend ({@link #beforeForward} is asked per datagram).
 */
public interface Fault {

    Fault NONE = new Fault() {
        @Override
        public boolean idle() {
            return true;
        }
    };

    enum Direction { TO_BACKEND, TO_CLIENT }

    /** What to do with a connection, or with one chunk of it. */
    enum Action {
        /** pass it on */
        FORWARD,
        /** swallow it silently (blackhole, loss) */
        DROP,
        /** reset the connection */
        RESET
    }

    /**
     * True while {@link #beforeForward} would forward every chunk at once (no rule applies now):
     * the proxy then copies without asking, on its event loop. Asked before each chunk, so it must
     * be cheap (a volatile read). Once false, the connection is asked about every chunk from then
     * on. By default false: a fault that only overrides {@link #beforeForward} is always asked.
     * While idle, {@link #onConnect} must answer at once too: a new connection's event loop asks it.
     */
    default boolean idle() {
        return false;
    }

    /** Before connecting to the backend. */
    default Action onConnect(Flow flow) {
        return Action.FORWARD;
    }

    /** Before forwarding {@code bytes} bytes in {@code direction}. */
    default Action beforeForward(Direction direction, int bytes) {
        return Action.FORWARD;
    }
}
