package dev.portalkit.examples.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plain example's page, script and style, read once from its jar ({@code portalkit-examples}, a
 * dependency): one page for both examples, since they answer the same API. Served with the plain
 * example's headers: a Content-Security-Policy that allows only this origin, and no framing.
 */
@RestController
class PageController {

    private static final String WEB = "/dev/portalkit/examples/web/";

    private final byte[] page = load("index.html");
    private final byte[] script = load("app.js");
    private final byte[] style = load("app.css");

    @GetMapping({"/", "/index.html"})
    ResponseEntity<byte[]> page() {
        return file(page, "text/html; charset=utf-8");
    }

    @GetMapping("/app.js")
    ResponseEntity<byte[]> script() {
        return file(script, "text/javascript; charset=utf-8");
    }

    @GetMapping("/app.css")
    ResponseEntity<byte[]> style() {
        return file(style, "text/css; charset=utf-8");
    }

    private static ResponseEntity<byte[]> file(byte[] bytes, String contentType) {
        return ResponseEntity.ok()
                .header("Content-Type", contentType)
                .header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'")
                .header("X-Frame-Options", "DENY")
                .body(bytes);
    }

    private static byte[] load(String name) {
        try (InputStream in = PageController.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + WEB + name + ": is portalkit-examples on the classpath?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
