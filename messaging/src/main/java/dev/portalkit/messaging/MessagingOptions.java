package dev.portalkit.messaging;

import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.messaging.internal.Addresses;
import dev.portalkit.messaging.internal.Locales;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of portalkit-messaging. Build with {@link #builder()}; every default is in the setter's
 * javadoc and in the module's README.
 */
public record MessagingOptions(EmailSender sender, String from, String messageIdDomain, String defaultLocale,
                               int maxAttempts, Duration backoffBase, Duration backoffMax, Duration lease,
                               boolean trackOpens, boolean trackClicks, boolean retainBodies,
                               UnsubscribeSettings unsubscribe, int domainRateLimit, Map<String, Integer> domainRateLimits) {

    /** 0.1.0's constructor, kept for binary compatibility: no unsubscribe links, no per-domain limit. */
    @Deprecated
    public MessagingOptions(EmailSender sender, String from, String messageIdDomain, String defaultLocale,
                            int maxAttempts, Duration backoffBase, Duration backoffMax, Duration lease,
                            boolean trackOpens, boolean trackClicks, boolean retainBodies) {
        this(sender, from, messageIdDomain, defaultLocale, maxAttempts, backoffBase, backoffMax, lease, trackOpens,
                trackClicks, retainBodies, null, 0, Map.of());
    }

    /** Longest key the unsubscribe HMAC takes; shorter than 32 bytes is refused. */
    static final int MIN_KEY_BYTES = 32;
    static final int MAX_RATE = 1_000_000;

    public MessagingOptions {
        domainRateLimits = domainRateLimits == null ? Map.of() : Map.copyOf(domainRateLimits);
    }

    /**
     * E-mails a worker may claim per minute for {@code domain} (lowercase): its override, else
     * {@link #domainRateLimit()}; 0 means no limit.
     */
    public int rateLimitFor(String domain) {
        Integer override = domain == null ? null : domainRateLimits.get(domain.toLowerCase(Locale.ROOT));
        return override != null ? override : domainRateLimit;
    }

    /** Whether any per-domain limit is set. */
    public boolean rateLimited() {
        return domainRateLimit > 0 || !domainRateLimits.isEmpty();
    }

    public static MessagingOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private EmailSender sender;
        private String from;
        private String messageIdDomain;
        private String defaultLocale = "en";
        private int maxAttempts = 5;
        private Duration backoffBase = Duration.ofMinutes(1);
        private Duration backoffMax = Duration.ofHours(1);
        private Duration lease = Duration.ofMinutes(5);
        private boolean trackOpens;
        private boolean trackClicks;
        private boolean retainBodies;
        private String unsubscribeUrl;
        private byte[] unsubscribeKey;
        private String unsubscribeMailto;
        private boolean unsubscribeSet;
        private int domainRateLimit;
        private final Map<String, Integer> domainRateLimits = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * How e-mail leaves, e.g. {@link SmtpEmailSender}. Without one, {@code queue} still works and
         * {@code deliverPending} fails with {@link MessagingNotConfiguredException}. (default: none)
         */
        public Builder sender(EmailSender s) {
            this.sender = s;
            return this;
        }

        /** The From address of every e-mail, e.g. {@code Acme <no-reply@acme.example>}; required to queue. (default: none) */
        public Builder from(String address) {
            this.from = address;
            return this;
        }

        /** The domain in generated Message-IDs ({@code <uuid@domain>}). (default: the domain of {@link #from}) */
        public Builder messageIdDomain(String domain) {
            this.messageIdDomain = domain;
            return this;
        }

        /** The last locale of every fallback chain, and the locale of a request without one. (default: en) */
        public Builder defaultLocale(String locale) {
            this.defaultLocale = locale;
            return this;
        }

        /** Attempts per e-mail before it is FAILED, 1 to 50. (default: 5) */
        public Builder maxAttempts(int n) {
            this.maxAttempts = n;
            return this;
        }

        /** Wait after the first failed attempt; doubles after each further one up to {@link #backoffMax}. (default: 1 minute) */
        public Builder backoffBase(Duration d) {
            this.backoffBase = d;
            return this;
        }

        /** Longest wait between attempts. (default: 1 hour) */
        public Builder backoffMax(Duration d) {
            this.backoffMax = d;
            return this;
        }

        /**
         * How long a worker holds a claimed e-mail; when it ends unrecorded (the worker died), another
         * worker sends it again. Keep it well above the sender's timeouts. (default: 5 minutes)
         */
        public Builder lease(Duration d) {
            this.lease = d;
            return this;
        }

        /** Whether OPENED events are recorded. (default: false) */
        public Builder trackOpens(boolean on) {
            this.trackOpens = on;
            return this;
        }

        /** Whether CLICKED events are recorded. (default: false) */
        public Builder trackClicks(boolean on) {
            this.trackClicks = on;
            return this;
        }

        /**
         * Whether the rendered bodies stay in {@code email_logs} once an e-mail is settled (sent,
         * failed, unknown, suppressed). Off by default: bodies carry links with tokens (password
         * reset, e-mail verification) that auth stores only as hashes, and a plain copy in the log
         * would undo that. Subject, addresses and template version are always kept. (default: false)
         */
        public Builder retainBodies(boolean keep) {
            this.retainBodies = keep;
            return this;
        }

        /**
         * RFC 8058 one-click unsubscribe for e-mails of non-transactional categories: delivery adds
         * {@code List-Unsubscribe: <url?token=...>} and {@code List-Unsubscribe-Post: List-Unsubscribe=One-Click};
         * the token, signed with HMAC-SHA-256 under {@code key}, names the recipient's address and the
         * category, and the host's endpoint at {@code url} passes it to {@link SuppressionService#unsubscribe}.
         * {@code url} must be an absolute {@code https} URL ({@code http} only for localhost); {@code key} at
         * least 32 bytes of a secret kept outside the database. Without this, queueing an e-mail of a
         * non-transactional category fails with {@link MessagingNotConfiguredException}: an e-mail is never sent
         * without a working, signed link. (default: none)
         */
        public Builder unsubscribe(String url, byte[] key) {
            this.unsubscribeUrl = url;
            this.unsubscribeKey = UnsubscribeSettings.copy(key);
            this.unsubscribeSet = true;
            return this;
        }

        /**
         * An address for the {@code mailto:} alternative of {@code List-Unsubscribe} (the token in the
         * subject), for mail clients that do not POST; needs {@link #unsubscribe}. (default: none)
         */
        public Builder unsubscribeMailto(String address) {
            this.unsubscribeMailto = address;
            return this;
        }

        /**
         * At most this many e-mails per recipient domain (the part after {@code @}, lowercased) are claimed by
         * {@code deliverPending} per minute of the Portal's clock, across every worker and instance; the rest stay
         * QUEUED, due at the next minute, without counting an attempt. 0 to 1,000,000; 0 turns the limit off.
         * (default: 0, off: a host whose provider throttles per domain sets it, e.g. 60)
         */
        public Builder domainRateLimit(int perMinute) {
            this.domainRateLimit = perMinute;
            return this;
        }

        /** A limit for one domain (e.g. {@code gmail.com}), 1 to 1,000,000 per minute, instead of {@link #domainRateLimit(int)}. (default: none) */
        public Builder domainRateLimit(String domain, int perMinute) {
            this.domainRateLimits.put(domain == null ? null : domain.strip().toLowerCase(Locale.ROOT), perMinute);
            return this;
        }

        /** @throws PortalConfigurationException (PK-1000) listing every bad option and its allowed range */
        public MessagingOptions build() {
            Problems problems = new Problems();
            String locale = Locales.normalize(defaultLocale);
            problems.check(locale != null, "defaultLocale '%s' is not a BCP 47 tag such as en or de-AT (default en)",
                            defaultLocale)
                    .check(maxAttempts >= 1 && maxAttempts <= 50, "maxAttempts is %d: use 1 to 50 (default 5)", maxAttempts)
                    .check(backoffBase == null || backoffMax == null || backoffMax.compareTo(backoffBase) >= 0,
                            "backoffMax must be at least backoffBase");
            problems.positive("backoffBase", backoffBase);
            problems.positive("backoffMax", backoffMax);
            problems.positive("lease", lease);
            String domain = messageIdDomain;
            if (from != null) {
                String address = Addresses.bare(from);
                problems.check(address != null, "from '%s' is not an e-mail address such as Acme <no-reply@acme.example>",
                        from);
                if (address != null && domain == null) {
                    domain = address.substring(address.indexOf('@') + 1);
                }
            }
            problems.check(domain == null || domain.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?"),
                    "messageIdDomain '%s' is not a domain name", domain);
            problems.check(domainRateLimit >= 0 && domainRateLimit <= MAX_RATE,
                    "domainRateLimit is %d: use 0 (off) to 1000000 per minute (default 0)", domainRateLimit);
            for (Map.Entry<String, Integer> e : domainRateLimits.entrySet()) {
                problems.check(e.getKey() != null && e.getKey().matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?"),
                                "domainRateLimit domain '%s' is not a domain name such as gmail.com", e.getKey())
                        .check(e.getValue() >= 1 && e.getValue() <= MAX_RATE,
                                "domainRateLimit for %s is %d: use 1 to 1000000 per minute", e.getKey(), e.getValue());
            }
            UnsubscribeSettings links = null;
            if (unsubscribeSet) {
                problems.check(unsubscribeKey != null && unsubscribeKey.length >= MIN_KEY_BYTES,
                                "unsubscribe key must be at least %d bytes of a secret (was %s)", MIN_KEY_BYTES,
                                unsubscribeKey == null ? "null" : unsubscribeKey.length + " bytes")
                        .check(httpsUrl(unsubscribeUrl),
                                "unsubscribe url '%s' must be an absolute https URL such as https://acme.example/unsubscribe "
                                        + "(http only for localhost), without a fragment", unsubscribeUrl);
            }
            String mailto = null;
            if (unsubscribeMailto != null) {
                mailto = Addresses.valid(unsubscribeMailto.strip()) ? unsubscribeMailto.strip() : null;
                problems.check(mailto != null, "unsubscribeMailto '%s' is not an e-mail address", unsubscribeMailto)
                        .check(unsubscribeSet, "unsubscribeMailto needs unsubscribe(url, key)");
            }
            problems.throwIfAny();
            if (unsubscribeSet) {
                links = new UnsubscribeSettings(unsubscribeUrl, mailto, unsubscribeKey);
            }
            return new MessagingOptions(sender, from, domain, locale, maxAttempts, backoffBase, backoffMax, lease,
                    trackOpens, trackClicks, retainBodies, links, domainRateLimit, domainRateLimits);
        }
    }

    private static boolean httpsUrl(String url) {
        if (url == null || url.length() > 2000) {
            return false;
        }
        try {
            URI u = new URI(url);
            String host = u.getHost();
            if (!u.isAbsolute() || host == null || u.getRawFragment() != null || u.getRawUserInfo() != null) {
                return false;
            }
            return "https".equals(u.getScheme())
                    || "http".equals(u.getScheme()) && (host.equals("localhost") || host.equals("127.0.0.1"));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
