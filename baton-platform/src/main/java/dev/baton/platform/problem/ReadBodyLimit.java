package dev.baton.platform.problem;

import dev.baton.platform.BatonConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of a body sent without Content-Length (chunked: nothing for {@link BodyLimit} to check) as it is read,
 * so that one
 * larger than {@code baton.http.max-body-size} is refused with 413 too, before anything is deserialized.
 */
@Provider
public class ReadBodyLimit implements ReaderInterceptor {

    // Resolved on first use: providers are created before the configuration mappings exist.
    private final Instance<BatonConfig> config;

    public ReadBodyLimit(Instance<BatonConfig> config) {
        this.config = config;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getHeaders().containsKey(HttpHeaders.CONTENT_LENGTH)) {
            return context.proceed(); // declared: BodyLimit checked it before the body was read
        }
        long maxBodySize = config.get().http().maxBodySize();
        InputStream in = context.getInputStream();
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodySize + 1));
        if (body.length > maxBodySize) {
            throw new ProblemException(413, "body-too-large", "Content too large",
                    "the request body is larger than " + maxBodySize + " bytes").with("maxBytes", maxBodySize);
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
