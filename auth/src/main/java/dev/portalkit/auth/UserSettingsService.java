package dev.portalkit.auth;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingValue;
import java.util.List;
import java.util.UUID;

/**
 * Per-user preferences, typed like core's settings: each is a {@link Setting} declared with
 * {@code AuthOptions.builder().userSettings(...)}; only a user's overrides are stored.
 */
public interface UserSettingsService {

    <T> T get(UUID userId, Setting<T> setting);

    <T> SettingValue<T> read(UUID userId, Setting<T> setting);

    <T> SettingValue<T> set(UUID userId, Setting<T> setting, T value, CallContext context);

    /** Removes the user's override. Returns whether there was one. */
    boolean reset(UUID userId, Setting<?> setting, CallContext context);

    /** Every declared user setting with this user's value, ordered by key. */
    List<SettingValue<?>> all(UUID userId);
}
