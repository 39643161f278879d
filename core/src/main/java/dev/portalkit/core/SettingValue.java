package dev.portalkit.core;

import java.time.Instant;

/**
 * A setting's current value.
 *
 * @param version   0 while the default applies; increases by one with every stored change. Pass it
 *                  to {@link SettingsService#set(Setting, Object, long, CallContext)} for an optimistic write.
 * @param updatedAt when the override was last written, {@code null} while the default applies
 */
public record SettingValue<T>(Setting<T> setting, T value, long version, Instant updatedAt) {

    public boolean isDefault() {
        return version == 0;
    }

    @Override
    public String toString() {
        return "SettingValue[" + setting.key() + " = " + (setting.secret() ? "***" : value) + ", version " + version + "]";
    }
}
