package dev.portalkit.stripe;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server on 127.0.0.1 that speaks Stripe's documented wire format for what portalkit-stripe calls:
 * form-encoded POSTs of PaymentIntents (created and confirmed) and Refunds with {@code Idempotency-Key} (a key seen
 * before replays the first response; with other parameters it is a 400 {@code idempotency_error}), GETs of both,
 * PaymentIntent search by metadata and refund lists, errors as {@code {"error":{"type":...,"code":...}}}. Scripted:
 * the next POSTs can fail with a 500 or 429 (not stored, as a failure before the API acted), decline, require
 * action, stay processing, or hang past the client's timeout after acting. No test reaches the internet.
 */
final class FakeStripe implements AutoCloseable {

    enum Step { APPROVE, FAIL_500, RATE_LIMIT, DECLINE, REQUIRES_ACTION, PROCESSING, HANG_AFTER_ACTING }

    record Request(String method, String path, String idempotencyKey, String authorization, Map<String, String> form) {
    }

    private record Stored(int status, String body, Map<String, String> form) {
    }

    private final HttpServer server;
    private final String secretKey;
    private final Object lock = new Object();
    private final Deque<Step> script = new ArrayDeque<>();
    private final Map<String, Stored> byKey = new LinkedHashMap<>();
    private final Map<String, JsonObject> intents = new LinkedHashMap<>();
    private final Map<String, JsonObject> refunds = new LinkedHashMap<>();
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();
    private volatile String declineCode = "insufficient_funds";
    private volatile Duration hang = Duration.ofMillis(1500);

    FakeStripe(String secretKey) {
        this.secretKey = secretKey;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    String apiBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    FakeStripe enqueue(Step... steps) {
        synchronized (lock) {
            script.addAll(List.of(steps));
        }
        return this;
    }

    FakeStripe declineWith(String code) {
        this.declineCode = code;
        return this;
    }

    /** Moves a PaymentIntent to {@code status} (the customer authenticated, the bank answered), as Stripe would. */
    JsonObject move(String paymentIntentId, String status) {
        synchronized (lock) {
            JsonObject pi = intents.get(paymentIntentId);
            pi.addProperty("status", status);
            if (!status.equals("requires_action")) {
                pi.add("next_action", null);
            }
            return pi.deepCopy();
        }
    }

    JsonObject intent(String id) {
        synchronized (lock) {
            return intents.get(id).deepCopy();
        }
    }

    JsonObject refund(String id) {
        synchronized (lock) {
            return refunds.get(id).deepCopy();
        }
    }

    JsonObject moveRefund(String id, String status) {
        synchronized (lock) {
            JsonObject r = refunds.get(id);
            r.addProperty("status", status);
            return r.deepCopy();
        }
    }

    int intentCount() {
        synchronized (lock) {
            return intents.size();
        }
    }

    List<String> intentIds() {
        synchronized (lock) {
            return List.copyOf(intents.keySet());
        }
    }

    List<String> refundIds() {
        synchronized (lock) {
            return List.copyOf(refunds.keySet());
        }
    }

    List<Request> requests() {
        synchronized (lock) {
            return List.copyOf(requests);
        }
    }

    List<Request> posts() {
        return requests().stream().filter(r -> r.method().equals("POST")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ------------------------------------------------------------------------------------------

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String method = x.getRequestMethod();
            String path = x.getRequestURI().getPath();
            String body;
            try (InputStream in = x.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, String> form = parse(method.equals("POST") ? body : x.getRequestURI().getRawQuery());
            String key = x.getRequestHeaders().getFirst("Idempotency-Key");
            String auth = x.getRequestHeaders().getFirst("Authorization");
            synchronized (lock) {
                requests.add(new Request(method, path, key, auth, form));
            }
            if (!("Bearer " + secretKey).equals(auth)) {
                send(x, 401, error("invalid_request_error", "api_key_invalid", null, "Invalid API Key provided"));
                return;
            }
            if (method.equals("POST") && (path.equals("/v1/payment_intents") || path.equals("/v1/refunds"))) {
                post(x, path, key, form);
            } else if (method.equals("GET") && path.equals("/v1/payment_intents/search")) {
                String wanted = form.getOrDefault("query", "").replaceAll("^metadata\\['portalkit_key'\\]:'(.*)'$", "$1")
                        .replace("\\'", "'").replace("\\\\", "\\");
                JsonArray data = new JsonArray();
                synchronized (lock) {
                    intents.values().stream().filter(pi -> wanted.equals(metadata(pi, "portalkit_key")))
                            .forEach(pi -> data.add(pi.deepCopy()));
                }
                JsonObject list = new JsonObject();
                list.addProperty("object", "search_result");
                list.add("data", data);
                list.addProperty("has_more", false);
                list.addProperty("url", "/v1/payment_intents/search");
                send(x, 200, list.toString());
            } else if (method.equals("GET") && path.startsWith("/v1/payment_intents/")) {
                get(x, intents, path.substring("/v1/payment_intents/".length()));
            } else if (method.equals("GET") && path.equals("/v1/refunds")) {
                JsonArray data = new JsonArray();
                synchronized (lock) {
                    refunds.values().stream().filter(r -> r.get("payment_intent").getAsString()
                            .equals(form.get("payment_intent"))).forEach(r -> data.add(r.deepCopy()));
                }
                JsonObject list = new JsonObject();
                list.addProperty("object", "list");
                list.add("data", data);
                list.addProperty("has_more", false);
                list.addProperty("url", "/v1/refunds");
                send(x, 200, list.toString());
            } else if (method.equals("GET") && path.startsWith("/v1/refunds/")) {
                get(x, refunds, path.substring("/v1/refunds/".length()));
            } else {
                send(x, 404, error("invalid_request_error", "resource_missing", null, "Unrecognized request URL"));
            }
        }
    }

    private void get(HttpExchange x, Map<String, JsonObject> objects, String id) throws IOException {
        JsonObject o;
        synchronized (lock) {
            o = objects.get(id);
            o = o == null ? null : o.deepCopy();
        }
        if (o == null) {
            send(x, 404, error("invalid_request_error", "resource_missing", null, "No such object: '" + id + "'"));
        } else {
            send(x, 200, o.toString());
        }
    }

    private void post(HttpExchange x, String path, String key, Map<String, String> form) throws IOException {
        Stored stored;
        Step step;
        synchronized (lock) {
            Stored seen = key == null ? null : byKey.get(key);
            step = script.isEmpty() ? Step.APPROVE : script.poll();
            if (seen != null) {
                stored = seen.form().equals(form) ? seen : new Stored(400, error("idempotency_error", null, null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with."),
                        form);
            } else if (step == Step.FAIL_500) {
                stored = new Stored(500, error("api_error", null, null, "An unknown error occurred"), form);
            } else if (step == Step.RATE_LIMIT) {
                stored = new Stored(429, error("invalid_request_error", "rate_limit", null, "Too many requests"), form);
            } else {
                stored = path.equals("/v1/refunds") ? createRefund(form) : createIntent(form, step);
                if (key != null) {
                    byKey.put(key, stored);
                }
            }
        }
        if (step == Step.HANG_AFTER_ACTING) {
            try {
                Thread.sleep(hang.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        send(x, stored.status(), stored.body());
    }

    private Stored createIntent(Map<String, String> form, Step step) {
        String id = "pi_" + sequence.incrementAndGet() + "fake";
        JsonObject pi = new JsonObject();
        pi.addProperty("id", id);
        pi.addProperty("object", "payment_intent");
        pi.addProperty("amount", Long.parseLong(form.get("amount")));
        pi.addProperty("currency", form.get("currency"));
        pi.addProperty("customer", form.get("customer"));
        pi.addProperty("payment_method", form.get("payment_method"));
        pi.addProperty("client_secret", id + "_secret_fake" + sequence.get());
        pi.addProperty("livemode", false);
        JsonObject meta = new JsonObject();
        form.forEach((k, v) -> {
            if (k.startsWith("metadata[")) {
                meta.addProperty(k.substring(9, k.length() - 1), v);
            }
        });
        pi.add("metadata", meta);
        switch (step) {
            case DECLINE -> {
                pi.addProperty("status", "requires_payment_method");
                JsonObject err = new JsonObject();
                err.addProperty("type", "card_error");
                err.addProperty("code", "card_declined");
                err.addProperty("decline_code", declineCode);
                err.addProperty("message", "Your card was declined.");
                pi.add("last_payment_error", err);
                intents.put(id, pi);
                return new Stored(402, error("card_error", "card_declined", declineCode, "Your card was declined.", pi), form);
            }
            case REQUIRES_ACTION -> {
                pi.addProperty("status", "requires_action");
                JsonObject next = new JsonObject();
                next.addProperty("type", "redirect_to_url");
                JsonObject redirect = new JsonObject();
                redirect.addProperty("url", "https://hooks.stripe.com/3d_secure_2/fake/" + id);
                redirect.addProperty("return_url", "https://portal.example/return");
                next.add("redirect_to_url", redirect);
                pi.add("next_action", next);
            }
            case PROCESSING -> pi.addProperty("status", "processing");
            default -> pi.addProperty("status", "succeeded");
        }
        intents.put(id, pi);
        return new Stored(200, pi.toString(), form);
    }

    private Stored createRefund(Map<String, String> form) {
        String id = "re_" + sequence.incrementAndGet() + "fake";
        JsonObject r = new JsonObject();
        r.addProperty("id", id);
        r.addProperty("object", "refund");
        r.addProperty("amount", Long.parseLong(form.get("amount")));
        r.addProperty("payment_intent", form.get("payment_intent"));
        r.addProperty("status", "succeeded");
        JsonObject meta = new JsonObject();
        form.forEach((k, v) -> {
            if (k.startsWith("metadata[")) {
                meta.addProperty(k.substring(9, k.length() - 1), v);
            }
        });
        r.add("metadata", meta);
        refunds.put(id, r);
        return new Stored(200, r.toString(), form);
    }

    private static String metadata(JsonObject o, String name) {
        JsonObject m = o.getAsJsonObject("metadata");
        return m != null && m.has(name) ? m.get(name).getAsString() : null;
    }

    static String error(String type, String code, String declineCode, String message) {
        return error(type, code, declineCode, message, null);
    }

    static String error(String type, String code, String declineCode, String message, JsonObject paymentIntent) {
        JsonObject e = new JsonObject();
        e.addProperty("type", type);
        if (code != null) {
            e.addProperty("code", code);
        }
        if (declineCode != null) {
            e.addProperty("decline_code", declineCode);
        }
        e.addProperty("message", message);
        if (paymentIntent != null) {
            e.add("payment_intent", paymentIntent.deepCopy());
        }
        JsonObject root = new JsonObject();
        root.add("error", e);
        return root.toString();
    }

    private static Map<String, String> parse(String encoded) {
        Map<String, String> out = new TreeMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return out;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static void send(HttpExchange x, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.getResponseHeaders().add("Request-Id", "req_fake");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        } catch (IOException closedByClient) {
            // the client timed out and went away: as on the real network
        }
    }
}
