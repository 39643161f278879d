package dev.portalkit.examples.spring;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The example's own settings ({@code example.*} in application.properties, each defaulting to the plain
 * example's environment variable).
 *
 * @param cookieSecure      {@code PORTALKIT_COOKIE_SECURE=true} behind TLS: the session cookie becomes
 *                          {@code __Host-pk_session} with {@code Secure}
 * @param adminPassword     {@code PORTALKIT_ADMIN_PASSWORD}: the seeded admin's password; blank: one is
 *                          generated into {@code adminPasswordFile} (mode 600), never printed
 * @param adminPasswordFile where a generated admin password is kept
 */
@ConfigurationProperties("example")
record ExampleProperties(boolean cookieSecure, String adminPassword, Path adminPasswordFile) {
}
