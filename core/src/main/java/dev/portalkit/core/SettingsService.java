package dev.portalkit.core;

import java.util.List;

/**
 * Typed global settings with defaults. Values live in {@code app_settings} as JSONB overrides;
 * every change is audited (secret values masked).
 */
public interface SettingsService {

    /** The current value: the stored override, or the setting's default. */
    <T> T get(Setting<T> setting);

    /** The current value with its version, for an optimistic write. */
    <T> SettingValue<T> read(Setting<T> setting);

    /** Stores an override, whatever the current version. */
    <T> SettingValue<T> set(Setting<T> setting, T value, CallContext context);

    /**
     * Stores an override only if the current version is {@code expectedVersion} (0: no override yet).
     *
     * @throws StaleVersionException when someone else changed it first
     */
    <T> SettingValue<T> set(Setting<T> setting, T value, long expectedVersion, CallContext context);

    /**
     * Stores an override by key, for admin screens that edit settings generically.
     *
     * @throws ValidationException when the key is not declared or the value is not of the declared type
     */
    SettingValue<?> set(String key, Object value, CallContext context);

    /** Removes the override, so the default applies again. Returns whether one was stored. */
    boolean reset(Setting<?> setting, CallContext context);

    /** Every declared setting with its current value, ordered by key. */
    List<SettingValue<?>> all();
}
