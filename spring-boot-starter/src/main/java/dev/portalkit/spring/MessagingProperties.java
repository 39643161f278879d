package dev.portalkit.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * portalkit-messaging's options (MessagingOptions), {@code portalkit.messaging.*} through
 * {@link PortalKitProperties#getMessaging()}. An EmailSender bean sends e-mail; without one,
 * portalkit.messaging.smtp.host makes an SmtpEmailSender; without either, e-mail is queued and not sent.
 */
public class MessagingProperties {

    /** The From address of every e-mail, e.g. "Acme <no-reply@acme.example>"; required to queue. */
    private String from;

    /** The domain in generated Message-IDs. Unset: the domain of from. */
    private String messageIdDomain;

    /** The last locale of every fallback chain, and the locale of a request without one. */
    private String defaultLocale = "en";

    /** Attempts per e-mail before it is FAILED, 1 to 50. */
    private int maxAttempts = 5;

    /** Wait after the first failed attempt; doubles after each further one up to backoff-max. */
    private Duration backoffBase = Duration.ofMinutes(1);

    /** Longest wait between attempts. */
    private Duration backoffMax = Duration.ofHours(1);

    /** How long a worker holds a claimed e-mail before another may send it again. */
    private Duration lease = Duration.ofMinutes(5);

    /** Whether OPENED events are recorded. */
    private boolean trackOpens = false;

    /** Whether CLICKED events are recorded. */
    private boolean trackClicks = false;

    /** Whether rendered bodies stay in email_logs once an e-mail is settled (they carry token links). */
    private boolean retainBodies = false;

    /** Per-recipient-domain sending limit, e-mails per minute, 0 (no limit) to 1000000. */
    private int domainRateLimit = 0;

    /** Limits for single domains instead of domain-rate-limit, e.g. domain-rate-limits[gmail.com]=100. */
    private Map<String, Integer> domainRateLimits = new LinkedHashMap<>();

    private final Unsubscribe unsubscribe = new Unsubscribe();

    private final Smtp smtp = new Smtp();

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getMessageIdDomain() {
        return messageIdDomain;
    }

    public void setMessageIdDomain(String messageIdDomain) {
        this.messageIdDomain = messageIdDomain;
    }

    public String getDefaultLocale() {
        return defaultLocale;
    }

    public void setDefaultLocale(String defaultLocale) {
        this.defaultLocale = defaultLocale;
    }

    public int getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public Duration getBackoffBase() {
        return backoffBase;
    }

    public void setBackoffBase(Duration backoffBase) {
        this.backoffBase = backoffBase;
    }

    public Duration getBackoffMax() {
        return backoffMax;
    }

    public void setBackoffMax(Duration backoffMax) {
        this.backoffMax = backoffMax;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public boolean isTrackOpens() {
        return trackOpens;
    }

    public void setTrackOpens(boolean trackOpens) {
        this.trackOpens = trackOpens;
    }

    public boolean isTrackClicks() {
        return trackClicks;
    }

    public void setTrackClicks(boolean trackClicks) {
        this.trackClicks = trackClicks;
    }

    public boolean isRetainBodies() {
        return retainBodies;
    }

    public void setRetainBodies(boolean retainBodies) {
        this.retainBodies = retainBodies;
    }

    public Smtp getSmtp() {
        return smtp;
    }

    public int getDomainRateLimit() {
        return domainRateLimit;
    }

    public void setDomainRateLimit(int domainRateLimit) {
        this.domainRateLimit = domainRateLimit;
    }

    public Map<String, Integer> getDomainRateLimits() {
        return domainRateLimits;
    }

    public void setDomainRateLimits(Map<String, Integer> domainRateLimits) {
        this.domainRateLimits = domainRateLimits;
    }

    public Unsubscribe getUnsubscribe() {
        return unsubscribe;
    }

    @Override
    public String toString() {
        return "MessagingProperties[from=" + from + ", domainRateLimit=" + domainRateLimit + ", domainRateLimits="
                + domainRateLimits + ", unsubscribe=" + unsubscribe + ", smtp=" + smtp + ", ...]";
    }

    /**
     * RFC 8058 one-click unsubscribe (MessagingOptions.unsubscribe): set url and key together; e-mails of
     * non-transactional categories then carry List-Unsubscribe headers with a signed token.
     */
    public static class Unsubscribe {

        /** The host's unsubscribe endpoint, an absolute https URL (http only for localhost), without a fragment. */
        private String url;

        /** The HMAC key of the unsubscribe tokens, Base64, at least 32 bytes decoded; from a secret store, never logged. */
        private String key;

        /** An address for the mailto: alternative of List-Unsubscribe (the token in the subject); needs url and key. */
        private String mailto;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public String getMailto() {
            return mailto;
        }

        public void setMailto(String mailto) {
            this.mailto = mailto;
        }

        @Override
        public String toString() {
            return "Unsubscribe[url=" + url + (key == null ? "" : ", key=***") + ", mailto=" + mailto + "]";
        }
    }

    /** An SmtpEmailSender (SmtpSettings), made when host is set and no EmailSender bean exists. */
    public static class Smtp {

        /** The SMTP server's host name. */
        private String host;

        /** The SMTP port. Unset: 587 for STARTTLS, 465 for TLS, 25 for NONE. */
        private Integer port;

        /** How the connection is protected: NONE, STARTTLS (required) or TLS. */
        private Security security = Security.STARTTLS;

        /** User name for SMTP AUTH; with password. */
        private String username;

        /** Password for SMTP AUTH; never logged. */
        private String password;

        /** Connecting may take this long. */
        private Duration connectTimeout = Duration.ofSeconds(10);

        /** Waiting for each server answer may take this long. */
        private Duration readTimeout = Duration.ofSeconds(30);

        /** Writing to the server may block this long. */
        private Duration writeTimeout = Duration.ofSeconds(30);

        /** The name sent in EHLO. Unset: the local host name. */
        private String heloName;

        /** Further Jakarta Mail session properties, e.g. mail.smtp.ssl.trust. */
        private Map<String, String> properties = new LinkedHashMap<>();

        /** SmtpSettings.Security. */
        public enum Security {
            NONE, STARTTLS, TLS
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public Integer getPort() {
            return port;
        }

        public void setPort(Integer port) {
            this.port = port;
        }

        public Security getSecurity() {
            return security;
        }

        public void setSecurity(Security security) {
            this.security = security;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Duration getReadTimeout() {
            return readTimeout;
        }

        public void setReadTimeout(Duration readTimeout) {
            this.readTimeout = readTimeout;
        }

        public Duration getWriteTimeout() {
            return writeTimeout;
        }

        public void setWriteTimeout(Duration writeTimeout) {
            this.writeTimeout = writeTimeout;
        }

        public String getHeloName() {
            return heloName;
        }

        public void setHeloName(String heloName) {
            this.heloName = heloName;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }

        @Override
        public String toString() {
            return "Smtp[" + security + " " + host + ":" + port + (username == null ? "" : ", user " + username)
                    + (password == null ? "" : ", password ***") + "]";
        }
    }
}
