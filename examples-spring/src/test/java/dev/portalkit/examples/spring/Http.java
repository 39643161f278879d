package dev.portalkit.examples.spring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** A real HTTP client for the application on its random port: the JDK's, as a browser-less client would call it. */
final class Http {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Http(int port) {
        this.base = URI.create("http://localhost:" + port + "/");
    }

    URI url() {
        return base;
    }

    /** One HTTP answer; {@code json} is null when the body is not JSON. */
    record Answer(int status, String body, JsonNode json, HttpHeaders headers) {
        String cookie() {
            return headers.firstValue("Set-Cookie").orElse("");
        }
    }

    /** A request with a JSON body (or none, when {@code jsonBody} is null) and these header name, value pairs. */
    Answer call(String method, String path, String jsonBody, String... headers) throws IOException, InterruptedException {
        return jsonBody == null ? raw(method, path, null, null, headers)
                : raw(method, path, jsonBody, "application/json", headers);
    }

    /** A request with this body and Content-Type (none when null). */
    Answer raw(String method, String path, String body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        // application/json, and the actuator's application/vnd.spring-boot.actuator.v3+json
        if (r.headers().firstValue("Content-Type").orElse("").matches("application/([a-z0-9.+-]*\\+)?json.*")) {
            json = JSON.readTree(r.body());
        }
        return new Answer(r.statusCode(), r.body(), json, r.headers());
    }

    Answer get(String path, String... headers) throws IOException, InterruptedException {
        return call("GET", path, null, headers);
    }

    Answer post(String path, String json, String... headers) throws IOException, InterruptedException {
        return call("POST", path, json, headers);
    }

    static String json(Object... pairs) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) {
            node.set((String) pairs[i], JSON.valueToTree(pairs[i + 1]));
        }
        return JSON.writeValueAsString(node);
    }
}
