package dev.portalkit.messaging;

import dev.portalkit.core.PortalConfigurationException;
import dev.portalkit.core.spi.Problems;
import dev.portalkit.messaging.internal.Addresses;
import dev.portalkit.messaging.internal.Locales;
import java.time.Duration;

/**
 * Settings of portalkit-messaging. Build with {@link #builder()}; every default is in the setter's
 * javadoc and in the module's README.
 */
public record MessagingOptions(EmailSender sender, String from, String messageIdDomain, String defaultLocale,
                               int maxAttempts, Duration backoffBase, Duration backoffMax, Duration lease,
                               boolean trackOpens, boolean trackClicks, boolean retainBodies) {

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
            problems.throwIfAny();
            return new MessagingOptions(sender, from, domain, locale, maxAttempts, backoffBase, backoffMax, lease,
                    trackOpens, trackClicks, retainBodies);
        }
    }
}
