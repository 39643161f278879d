package dev.portalkit.messaging;

import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.spi.Problems;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where and how {@link SmtpEmailSender} connects. Build with {@link #builder()}.
 * {@code toString()} never shows the password.
 */
public record SmtpSettings(String host, int port, Security security, String username, String password,
                           Duration connectTimeout, Duration readTimeout, Duration writeTimeout, String heloName,
                           Map<String, String> extraProperties) {

    /** How the connection is protected. */
    public enum Security {
        /** Plain SMTP: only for a relay on localhost or a test server. */
        NONE,
        /** STARTTLS, required: the sender refuses to continue in the clear (port 587). */
        STARTTLS,
        /** TLS from the first byte, "SMTPS" (port 465). */
        TLS
    }

    public SmtpSettings {
        extraProperties = Collections.unmodifiableMap(new LinkedHashMap<>(extraProperties));
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + security + " " + host + ":" + port + (username == null ? "" : ", user " + username)
                + (password == null ? "" : ", password [redacted]") + ", timeouts connect " + connectTimeout
                + " read " + readTimeout + " write " + writeTimeout + "]";
    }

    public static final class Builder {
        /** Jakarta Mail takes timeouts as int milliseconds. */
        private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

        private String host;
        private Integer port;
        private Security security = Security.STARTTLS;
        private String username;
        private String password;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(30);
        private Duration writeTimeout = Duration.ofSeconds(30);
        private String heloName;
        private final Map<String, String> extra = new LinkedHashMap<>();

        private Builder() {
        }

        /** The SMTP server's host name; required. (default: none) */
        public Builder host(String h) {
            this.host = h;
            return this;
        }

        /** (default: 587 for STARTTLS, 465 for TLS, 25 for NONE) */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** (default: STARTTLS, required) */
        public Builder security(Security s) {
            this.security = s;
            return this;
        }

        /** Credentials for SMTP AUTH; without them the sender does not authenticate. (default: none) */
        public Builder credentials(String user, String pass) {
            this.username = user;
            this.password = pass;
            return this;
        }

        /** Connecting may take this long. (default: 10 seconds) */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = d;
            return this;
        }

        /** Waiting for each server answer may take this long. (default: 30 seconds) */
        public Builder readTimeout(Duration d) {
            this.readTimeout = d;
            return this;
        }

        /** Writing to the server may block this long. (default: 30 seconds) */
        public Builder writeTimeout(Duration d) {
            this.writeTimeout = d;
            return this;
        }

        /** The name sent in EHLO. (default: the local host name) */
        public Builder heloName(String name) {
            this.heloName = name;
            return this;
        }

        /** A further Jakarta Mail session property, e.g. {@code mail.smtp.ssl.trust}. (default: none) */
        public Builder property(String key, String value) {
            extra.put(key, value);
            return this;
        }

        /** @throws PortalConfigurationException (PK-1000) listing every bad setting */
        public SmtpSettings build() {
            Problems problems = new Problems();
            int p = port != null ? port : security == Security.TLS ? 465 : security == Security.NONE ? 25 : 587;
            problems.check(host != null && !host.isBlank(), "host is required")
                    .check(security != null, "security is required (NONE, STARTTLS or TLS)")
                    .check(p >= 1 && p <= 65535, "port %d is not a TCP port", p)
                    .check((username == null) == (password == null), "credentials need both a user name and a password")
                    .check(!extra.containsKey(null) && !extra.containsValue(null),
                            "property keys and values must not be null");
            timeout(problems, "connectTimeout", connectTimeout);
            timeout(problems, "readTimeout", readTimeout);
            timeout(problems, "writeTimeout", writeTimeout);
            problems.throwIfAny();
            return new SmtpSettings(host.strip(), p, security, username, password, connectTimeout, readTimeout,
                    writeTimeout, heloName, extra);
        }

        private static void timeout(Problems problems, String name, Duration d) {
            problems.check(d != null && !d.isNegative() && !d.isZero() && d.compareTo(MAX_TIMEOUT) <= 0,
                    "timeouts must be positive (a zero timeout would wait forever) and at most %s: %s is %s",
                    MAX_TIMEOUT, name, d);
        }
    }
}
