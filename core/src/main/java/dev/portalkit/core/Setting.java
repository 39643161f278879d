package dev.portalkit.core;

import java.time.Duration;

/**
 * A typed global setting, declared in Java with its key, type and default. The database stores
 * only overrides. Declare host settings with {@code Portal.builder().settings(...)}.
 *
 * <pre>{@code
 * static final Setting<String> SITE_NAME = Setting.string("site.name", "My portal");
 * static final Setting<String> SMTP_PASSWORD = Setting.string("smtp.password", "").asSecret();
 * }</pre>
 *
 * @param key          lowercase, dot-separated, at most 100 characters
 * @param type         the Java type of the value (String, Boolean, Integer, Long, Duration, or a record)
 * @param defaultValue the value while no override is stored; never null
 * @param secret       whether the value is masked in the audit trail, logs and {@code toString}
 */
public record Setting<T>(String key, Class<T> type, T defaultValue, boolean secret) {

    public Setting {
        // ValidationException, like every refusal of a PortalKit public method: a declaration can be
        // built from a host's admin form (SettingsService.set(String, ...) resolves keys the same way).
        if (key == null || key.length() > 100 || !key.matches("[a-z0-9]+([._-][a-z0-9]+)*")) {
            throw new ValidationException("key", "must be lowercase words joined by . _ or - (at most 100 characters)");
        }
        if (type == null) {
            throw new ValidationException("type", "is required");
        }
        if (defaultValue == null) {
            throw new ValidationException("defaultValue", "is required: every setting needs a default");
        }
        if (!type.isInstance(defaultValue)) {
            throw new ValidationException("defaultValue", "of setting '" + key + "' is not a " + type.getSimpleName());
        }
    }

    public static Setting<String> string(String key, String defaultValue) {
        return new Setting<>(key, String.class, defaultValue, false);
    }

    public static Setting<Boolean> bool(String key, boolean defaultValue) {
        return new Setting<>(key, Boolean.class, defaultValue, false);
    }

    public static Setting<Integer> integer(String key, int defaultValue) {
        return new Setting<>(key, Integer.class, defaultValue, false);
    }

    public static Setting<Long> longValue(String key, long defaultValue) {
        return new Setting<>(key, Long.class, defaultValue, false);
    }

    public static Setting<Duration> duration(String key, Duration defaultValue) {
        return new Setting<>(key, Duration.class, defaultValue, false);
    }

    /** A setting of any type Jackson can write and read back, typically a record. */
    public static <T> Setting<T> of(String key, Class<T> type, T defaultValue) {
        return new Setting<>(key, type, defaultValue, false);
    }

    /** The same setting, marked secret. */
    public Setting<T> asSecret() {
        return new Setting<>(key, type, defaultValue, true);
    }

    @Override
    public String toString() {
        return "Setting[" + key + ": " + type.getSimpleName() + " = " + (secret ? "***" : defaultValue) + "]";
    }
}
