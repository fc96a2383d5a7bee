package dev.baton.platform.problem;

import dev.baton.platform.BatonConfig;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes of a body as it is read, so that a chunked body (no Content-Length for {@link BodyLimit} to check)
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
