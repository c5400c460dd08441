package dev.skiff.agent.runtime;

/** Everything a runtime can refuse, as a closed family; the message says what and how to fix it. */
public sealed abstract class RuntimeFailure extends RuntimeException {

    private RuntimeFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /** The image does not exist locally and may not (or could not) be pulled. */
    public static final class ImageNotFound extends RuntimeFailure {
        private final String image;

        public ImageNotFound(String image, String detail) {
            super("image " + image + " not found: " + detail, null);
            this.image = image;
        }

        public String image() { return image; }
    }

    /** The spec cannot run on this runtime; the pod needs changing (Kubernetes: CreateContainerConfigError). */
    public static final class InvalidSpec extends RuntimeFailure {
        public InvalidSpec(String reason) {
            super(reason, null);
        }
    }

    /** It was valid but did not start (exec failed, no such binary, daemon refused, …). */
    public static final class StartFailed extends RuntimeFailure {
        public StartFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The handle does not name a container this runtime holds. */
    public static final class NoSuchContainer extends RuntimeFailure {
        public NoSuchContainer(String id) {
            super("no container " + id + " on this node (destroyed, or its state is gone)", null);
        }
    }

    /** The runtime itself is unreachable or broken (docker daemon down, state dir unwritable). */
    public static final class Unavailable extends RuntimeFailure {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
