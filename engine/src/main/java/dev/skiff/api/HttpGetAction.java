package dev.skiff.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An HTTP GET check; 2xx and 3xx mean healthy. scheme is HTTP or HTTPS. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HttpGetAction(String path, IntOrString port, String host, String scheme, List<HttpHeader> httpHeaders) {
}
