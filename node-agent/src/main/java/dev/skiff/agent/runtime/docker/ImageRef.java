package dev.skiff.agent.runtime.docker;

import dev.skiff.api.ImagePullPolicy;

/** An image reference split as the pull API wants it: repository, and a tag or digest. */
record ImageRef(String repository, String tag, String digest) {

    static ImageRef parse(String image) {
        var at = image.indexOf('@');
        if (at >= 0) return new ImageRef(image.substring(0, at), null, image.substring(at + 1));
        var colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1), null);
        }
        return new ImageRef(image, null, null);
    }

    /** The pull "tag" parameter: a tag, a digest, or "latest" when neither is given (as Docker). */
    String pullTag() {
        if (digest != null) return digest;
        return tag == null ? "latest" : tag;
    }

    /** Kubernetes' default: Always for :latest or no tag, else IfNotPresent. */
    ImagePullPolicy defaultPolicy() {
        return digest == null && (tag == null || tag.equals("latest"))
                ? ImagePullPolicy.ALWAYS : ImagePullPolicy.IF_NOT_PRESENT;
    }
}
