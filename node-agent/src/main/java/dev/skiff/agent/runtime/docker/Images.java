package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.PullResponseItem;
import dev.skiff.agent.runtime.ImageEvents;
import dev.skiff.agent.runtime.RuntimeFailure;
import dev.skiff.api.ImagePullPolicy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * imagePullPolicy as Kubernetes: Never uses the local image or fails (ErrImageNeverPull),
 * IfNotPresent pulls when it is missing, Always pulls every time (a failed pull fails the start,
 * even with a local copy: ErrImagePull, which the agent turns into ImagePullBackOff on retry).
 */
final class Images {

    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    private final DockerClient docker;
    private final DockerCalls calls;

    Images(DockerClient docker, DockerCalls calls) {
        this.docker = docker;
        this.calls = calls;
    }

    void ensure(String image, ImagePullPolicy requested, ImageEvents events) {
        if (image == null || image.isBlank()) {
            throw new RuntimeFailure.InvalidSpec("the container has no image: the docker runtime needs one "
                    + "(spec.containers[].image)");
        }
        var ref = ImageRef.parse(image);
        var policy = requested == null ? ref.defaultPolicy() : requested;
        switch (policy) {
            case NEVER -> {
                if (present(image)) {
                    events.present(image);
                } else {
                    throw new RuntimeFailure.ImageNotFound(image, "ErrImageNeverPull: it is not on this node and "
                            + "imagePullPolicy is Never; load it on the node (docker/podman load or import) or "
                            + "allow pulling with imagePullPolicy: IfNotPresent");
                }
            }
            case IF_NOT_PRESENT -> {
                if (present(image)) events.present(image);
                else pull(image, ref, events);
            }
            case ALWAYS -> pull(image, ref, events);
        }
    }

    boolean present(String image) {
        return calls.any(() -> {
            try {
                docker.inspectImageCmd(image).exec();
                return true;
            } catch (NotFoundException e) {
                return false;
            }
        });
    }

    private void pull(String image, ImageRef ref, ImageEvents events) {
        events.pulling(image);
        long t0 = System.nanoTime();
        try {
            var done = docker.pullImageCmd(ref.repository()).withTag(ref.pullTag())
                    .exec(new ResultCallback.Adapter<PullResponseItem>() {
                        @Override
                        public void onNext(PullResponseItem item) {
                            if (item != null && item.getErrorDetail() != null) {
                                onError(new IllegalStateException(item.getErrorDetail().getMessage()));
                            }
                        }
                    })
                    .awaitCompletion(PULL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (!done) throw new IllegalStateException("no answer within " + PULL_TIMEOUT.toMinutes() + " min");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeFailure.ImageNotFound(image, "ErrImagePull: interrupted while pulling");
        } catch (RuntimeException e) {
            throw new RuntimeFailure.ImageNotFound(image, "ErrImagePull: pulling it failed (" + oneLine(e)
                    + "); if this node cannot reach the registry, put the image on the node (docker/podman "
                    + "load or import) and use a tag other than :latest or imagePullPolicy: IfNotPresent");
        }
        if (!present(image)) {
            throw new RuntimeFailure.ImageNotFound(image, "ErrImagePull: the pull ended but the image is not there");
        }
        events.pulled(image, Duration.ofNanos(System.nanoTime() - t0));
    }

    private static String oneLine(Throwable e) {
        var m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
