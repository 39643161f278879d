package dev.portalkit.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.examples.spring.Http.Answer;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Behind TLS ({@code example.cookie-secure=true}, from {@code PORTALKIT_COOKIE_SECURE}): the session
 * cookie is {@code __Host-pk_session}, Secure, {@code Path=/}, no Domain; a bare {@code pk_session}
 * (planted by a sibling subdomain, or over plain HTTP) is never read.
 */
@ExtendWith(ExampleDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "example.admin-password=admin password for tests",
        "example.cookie-secure=true",
        "portalkit.auth.bcrypt-cost=4",
        "portalkit.jobs.enabled=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SecureCookieIT {

    static final String PASSWORD = "correct horse battery staple";

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ExampleDatabase.register(registry);
    }

    @LocalServerPort
    int port;

    static List<String> attributes(String setCookie) {
        return List.of(setCookie.split(";")).stream().map(String::strip).toList();
    }

    @Test
    void theSessionCookieIsHostPrefixedAndOnlyThatNameIsRead() throws Exception {
        Http http = new Http(port);
        String email = "tls-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Answer created = http.post("/api/signup", Http.json("email", email, "password", PASSWORD, "displayName", "Tess"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        for (boolean rememberMe : List.of(false, true)) {
            Answer login = http.post("/api/login", Http.json("email", email, "password", PASSWORD,
                    "rememberMe", rememberMe, "returnToken", true));
            assertThat(login.status()).as(login.body()).isEqualTo(200);
            String token = login.json().path("token").asString();
            List<String> parts = attributes(login.cookie());
            // __Host-: Secure, Path=/ and no Domain, or a browser refuses the cookie.
            assertThat(parts.get(0)).as(login.cookie()).isEqualTo("__Host-pk_session=" + token);
            assertThat(parts).as(login.cookie()).contains("Secure", "Path=/", "HttpOnly", "SameSite=Strict")
                    .noneMatch(a -> a.toLowerCase(Locale.ROOT).startsWith("domain"));
            assertThat(parts.stream().anyMatch(a -> a.startsWith("Max-Age="))).as(login.cookie()).isEqualTo(rememberMe);

            assertThat(http.get("/api/me", "Cookie", "__Host-pk_session=" + token).status())
                    .as("the prefixed cookie").isEqualTo(200);
            Answer bare = http.get("/api/me", "Cookie", "pk_session=" + token);
            assertThat(bare.status()).as("the unprefixed cookie: " + bare.body()).isEqualTo(401);
            assertThat(bare.cookie()).as("the 401 clears the prefixed cookie").startsWith("__Host-pk_session=;")
                    .contains("Secure", "Path=/", "Max-Age=0");

            Answer out = http.post("/api/logout", "{}", "Cookie", "__Host-pk_session=" + token);
            assertThat(out.status()).isEqualTo(204);
            assertThat(attributes(out.cookie())).as(out.cookie()).startsWith("__Host-pk_session=")
                    .contains("Secure", "Path=/", "Max-Age=0")
                    .noneMatch(a -> a.toLowerCase(Locale.ROOT).startsWith("domain"));
            assertThat(http.get("/api/me", "Cookie", "__Host-pk_session=" + token).status())
                    .as("after logout").isEqualTo(401);
        }
    }
}
