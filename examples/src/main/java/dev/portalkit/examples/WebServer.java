package dev.portalkit.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.Authenticated;
import dev.portalkit.core.AuthenticationException;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ConflictException;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example's HTTP layer, on the JDK's {@code com.sun.net.httpserver.HttpServer}.
 *
 * <p>Why not Javalin 7.2.3: it resolves from Maven Central, but brings Jetty 12.1 (server, ee10
 * servlet, websocket, annotations, JNDI, CDI and transaction APIs, ASM) and the Kotlin standard
 * library: 36 jars, 6.9 MB, for an example whose subject is embedding PortalKit, not a web
 * framework. The JDK server needs no dependency, starts in milliseconds, and the 150 lines below
 * (routing, JSON, cookies, error mapping) show exactly what a host does around PortalKit's
 * services, whatever framework it uses. A production host would put it behind a TLS proxy, or
 * use its own framework; nothing in {@link Api} depends on this class beyond {@link Request}.
 *
 * <p>Error mapping (never a stack trace in a response; the request id ties a 500 to the log):
 * {@link ValidationException} 400 with every field error; {@link AuthenticationException} or no
 * valid session 401; a role too low 403; {@link NotFoundException} 404; a declined payment 402;
 * {@link ConflictException} 409; a rate-limited form 429; a retryable failure 503; anything else 500.
 */
final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    static final String SESSION_COOKIE = "pk_session";
    /**
     * The name when the cookie is {@code Secure}: a browser accepts a {@code __Host-} cookie only if it
     * is Secure, has {@code Path=/} and no {@code Domain}, from a secure origin, so a sibling subdomain
     * or a plain-HTTP response cannot plant or overwrite it (session fixation). Only this name is read
     * then: a {@code pk_session} cookie someone else set is ignored.
     */
    static final String SECURE_SESSION_COOKIE = "__Host-" + SESSION_COOKIE;
    static final int MAX_BODY_BYTES = 64 * 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final AuthService auth;
    private final boolean secureCookies;
    private final String cookieName;

    @FunctionalInterface
    interface Handler {
        Response handle(Request request) throws Exception;
    }

    record Route(String method, Pattern pattern, Handler handler) {
    }

    /** What a handler answers: a status and a JSON body (or none), plus headers such as Set-Cookie. */
    record Response(int status, Object body, Map<String, String> headers) {
        static Response json(int status, Object body) {
            return new Response(status, body, Map.of());
        }

        static Response ok(Object body) {
            return json(200, body);
        }

        static Response noContent() {
            return new Response(204, null, Map.of());
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, body, h);
        }
    }

    WebServer(InetSocketAddress address, AuthService auth, boolean secureCookies) throws IOException {
        this.auth = auth;
        this.secureCookies = secureCookies;
        this.cookieName = secureCookies ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
        this.server = HttpServer.create(address, 64);
        AtomicInteger n = new AtomicInteger();
        // Bounded: a request burst queues instead of starting unbounded threads (each may hash a password).
        this.executor = new ThreadPoolExecutor(8, 8, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(1000), r -> {
            Thread t = new Thread(r, "http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::dispatch);
    }

    void route(String method, String path, Handler handler) {
        // "/api/resources/{slug}" -> ^/api/resources/(?<slug>[^/]+)$
        String regex = Pattern.compile("\\{(\\w+)}").matcher(path).replaceAll("(?<$1>[^/]+)");
        routes.add(new Route(method, Pattern.compile("^" + regex + "$"), handler));
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdownNow();
    }

    private void dispatch(HttpExchange exchange) {
        String requestId = UUID.randomUUID().toString();
        long started = System.nanoTime();
        int status = 500;
        try (exchange) {
            Response response;
            try {
                response = route(exchange, requestId);
            } catch (Exception e) {
                response = error(e, requestId, exchange);
            }
            status = response.status();
            send(exchange, response, requestId);
        } catch (IOException e) {
            LOG.debug("Client went away: {}", e.toString());
        } finally {
            // Method, path and status only: never headers (cookies, tokens), query strings or bodies.
            LOG.info("{} {} {} {} ms [{}]", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), status,
                    (System.nanoTime() - started) / 1_000_000, requestId);
        }
    }

    private Response route(HttpExchange exchange, String requestId) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        boolean pathMatched = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathMatched = true;
            if (!r.method().equals(method) && !(method.equals("HEAD") && r.method().equals("GET"))) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (String name : groupNames(r.pattern())) {
                params.put(name, URLDecoder.decode(m.group(name), StandardCharsets.UTF_8));
            }
            return r.handler().handle(new Request(exchange, params, requestId, auth, cookieName));
        }
        if (pathMatched) {
            return Response.json(405, Errors.body(405, "METHOD_NOT_ALLOWED", method + " is not allowed here", List.of(), requestId));
        }
        throw HttpError.notFound("No such page or API: " + path);
    }

    private static List<String> groupNames(Pattern p) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\(\\?<(\\w+)>").matcher(p.pattern());
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private Response error(Exception e, String requestId, HttpExchange exchange) {
        if (e instanceof HttpError h) {
            Response r = Response.json(h.status(), Errors.body(h.status(), h.code(), h.getMessage(), List.of(), requestId));
            return h.status() == 401 ? r.withHeader("Set-Cookie", clearCookie()) : r;
        }
        if (e instanceof PortalException p) {
            int status = Errors.status(p);
            if (status >= 500) {
                // The log gets the whole story; the client only the code and the request id.
                if (p.isRetryable()) {
                    LOG.warn("Request {} {} hit a retryable failure [{}]: {}", exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(), requestId, p.getMessage());
                } else {
                    LOG.error("Request {} {} failed [{}]", exchange.getRequestMethod(),
                            exchange.getRequestURI().getRawPath(), requestId, p);
                }
            }
            Response r = Response.json(status, Errors.body(p, requestId));
            return status == 503 ? r.withHeader("Retry-After", "1") : r;
        }
        LOG.error("Request {} {} failed [{}]", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                requestId, e);
        return Response.json(500, Errors.body(500, "INTERNAL", "Internal error", List.of(), requestId));
    }

    private void send(HttpExchange exchange, Response response, String requestId) throws IOException {
        var h = exchange.getResponseHeaders();
        h.set("X-Request-Id", requestId);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("Cache-Control", "no-store");
        response.headers().forEach((k, v) -> h.add(k, v));
        byte[] bytes;
        if (response.body() == null) {
            bytes = new byte[0];
        } else if (response.body() instanceof StaticFile f) {
            bytes = f.bytes();
            h.set("Content-Type", f.contentType());
            h.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; form-action 'self'");
            h.set("X-Frame-Options", "DENY");
        } else {
            bytes = JSON.writeValueAsBytes(response.body());
            h.set("Content-Type", "application/json; charset=utf-8");
        }
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (response.status() == 204 || bytes.length == 0) {
            exchange.sendResponseHeaders(response.status(), -1);
        } else {
            exchange.sendResponseHeaders(response.status(), head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    /** A file served as is (the page, its script and style). */
    record StaticFile(byte[] bytes, String contentType) {
    }

    /** Never a {@code Domain} attribute: the cookie stays with this host (and {@code __Host-} requires it). */
    String sessionCookie(String token, boolean rememberMe) {
        return cookieName + "=" + token + "; Path=/; HttpOnly; SameSite=Strict"
                + (rememberMe ? "; Max-Age=" + 30L * 24 * 3600 : "") + (secureCookies ? "; Secure" : "");
    }

    String clearCookie() {
        return cookieName + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secureCookies ? "; Secure" : "");
    }

    /** One request as the API handlers see it. */
    static final class Request {
        private final HttpExchange exchange;
        private final Map<String, String> params;
        private final String requestId;
        private final AuthService auth;
        private final String cookieName;
        private JsonNode body;
        private Optional<Authenticated> session;

        Request(HttpExchange exchange, Map<String, String> params, String requestId, AuthService auth, String cookieName) {
            this.exchange = exchange;
            this.params = params;
            this.requestId = requestId;
            this.auth = auth;
            this.cookieName = cookieName;
        }

        String param(String name) {
            return params.get(name);
        }

        String query(String name) {
            String raw = exchange.getRequestURI().getRawQuery();
            if (raw == null) {
                return null;
            }
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                if (k.equals(name)) {
                    return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                }
            }
            return null;
        }

        String header(String name) {
            return exchange.getRequestHeaders().getFirst(name);
        }

        /** The JSON object sent; requests that change something must send JSON (a cross-site form cannot). */
        JsonNode body() throws IOException {
            if (body != null) {
                return body;
            }
            String type = header("Content-Type");
            if (type == null || !type.toLowerCase().startsWith("application/json")) {
                throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the request body as application/json");
            }
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (bytes.length > MAX_BODY_BYTES) {
                throw new HttpError(413, "BODY_TOO_LARGE", "The request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            try {
                JsonNode node = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
                if (!(node instanceof ObjectNode)) {
                    throw new ValidationException("body", "must be a JSON object");
                }
                body = node;
                return body;
            } catch (JsonProcessingException e) {
                throw new ValidationException("body", "is not valid JSON");
            }
        }

        String text(String field) throws IOException {
            JsonNode n = body().get(field);
            return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
        }

        boolean flag(String field) throws IOException {
            JsonNode n = body().get(field);
            return n != null && n.asBoolean(false);
        }

        /** The session token: the cookie the page uses, or {@code Authorization: Bearer} for API clients. */
        String token() {
            String authz = header("Authorization");
            if (authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7)) {
                return authz.substring(7).strip();
            }
            String cookies = header("Cookie");
            if (cookies != null) {
                for (String c : cookies.split(";")) {
                    String s = c.strip();
                    if (s.startsWith(cookieName + "=")) {
                        String v = s.substring(cookieName.length() + 1);
                        return v.isEmpty() ? null : v;
                    }
                }
            }
            return null;
        }

        Optional<Authenticated> session() {
            if (session == null) {
                String token = token();
                // A token is 43 base64url characters; anything else cannot be one and is not looked up.
                session = token == null || token.length() > 100 ? Optional.empty() : auth.authenticate(token);
            }
            return session;
        }

        /** The signed-in user, or 401. */
        Authenticated user() {
            return session().orElseThrow(HttpError::unauthorized);
        }

        String ip() {
            String ip = exchange.getRemoteAddress().getAddress().getHostAddress();
            int scope = ip.indexOf('%');
            return scope >= 0 ? ip.substring(0, scope) : ip;
        }

        /** Who acts: the signed-in user (if any), the client address and agent, and this request's id. */
        CallContext context() {
            UUID actor = session().map(a -> a.user().id()).orElse(null);
            return new CallContext(actor, ip(), header("User-Agent"), requestId);
        }

        /** For sign-up and login: the client, but never the user of a session cookie it may still send. */
        CallContext anonymousContext() {
            return new CallContext(null, ip(), header("User-Agent"), requestId);
        }

        String requestId() {
            return requestId;
        }
    }
}
