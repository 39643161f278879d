package dev.portalkit.auth.internal;

import static dev.portalkit.auth.internal.AuthContext.USER;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portalkit.auth.UserSettingsService;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingValue;
import dev.portalkit.core.ValidationException;
import dev.portalkit.core.spi.Validation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/** Not API: create through the Portal. */
public final class DefaultUserSettingsService implements UserSettingsService {

    private final AuthContext auth;
    private final SortedMap<String, Setting<?>> declared = new TreeMap<>();

    DefaultUserSettingsService(AuthContext auth) {
        this.auth = auth;
        auth.options.userSettings().forEach(s -> declared.put(s.key(), s));
    }

    @Override
    public <T> T get(UUID userId, Setting<T> setting) {
        return read(userId, setting).value();
    }

    @Override
    public <T> SettingValue<T> read(UUID userId, Setting<T> setting) {
        Setting<T> s = declared(setting);
        return toValue(s, auth.tx.callRetrying(() -> auth.settings().find(userId, s.key())));
    }

    @Override
    public <T> SettingValue<T> set(UUID userId, Setting<T> setting, T value, CallContext context) {
        Setting<T> s = declared(setting);
        if (value == null || !s.type().isInstance(value)) {
            throw new ValidationException("value", "must be a " + s.type().getSimpleName());
        }
        if (value instanceof String str && !Validation.clean(str)) {
            throw new ValidationException("value", "must not contain NUL characters or broken UTF-16");
        }
        return auth.tx.callRetrying(() -> {
            if (auth.users().find(userId) == null) {
                throw new NotFoundException("User", userId);
            }
            UserSettingMapper.Row before = auth.settings().find(userId, s.key());
            UserSettingMapper.Row after = auth.settings().upsert(userId, s.key(), auth.json.valueToTree(value));
            auth.audit("user_setting.updated", USER, userId, change(s, before), change(s, after), Map.of("key", s.key()),
                    context);
            return toValue(s, after);
        });
    }

    @Override
    public boolean reset(UUID userId, Setting<?> setting, CallContext context) {
        Setting<?> s = declared(setting);
        return auth.tx.callRetrying(() -> {
            UserSettingMapper.Row removed = auth.settings().delete(userId, s.key());
            if (removed != null) {
                auth.audit("user_setting.reset", USER, userId, change(s, removed), null, Map.of("key", s.key()), context);
            }
            return removed != null;
        });
    }

    @Override
    public List<SettingValue<?>> all(UUID userId) {
        Map<String, UserSettingMapper.Row> rows = new HashMap<>();
        auth.tx.callRetrying(() -> auth.settings().all(userId)).forEach(r -> rows.put(r.key(), r));
        List<SettingValue<?>> out = new ArrayList<>();
        declared.values().forEach(s -> out.add(toValue(s, rows.get(s.key()))));
        return out;
    }

    @SuppressWarnings("unchecked")
    private <T> Setting<T> declared(Setting<T> setting) {
        Setting<?> d = declared.get(setting.key());
        if (d == null || !d.type().equals(setting.type())) {
            throw new ValidationException("key", "Unknown user setting '" + setting.key()
                    + "': declare it with AuthOptions.builder().userSettings(...)");
        }
        return (Setting<T>) d;
    }

    private <T> SettingValue<T> toValue(Setting<T> s, UserSettingMapper.Row row) {
        if (row == null) {
            return new SettingValue<>(s, s.defaultValue(), 0, null);
        }
        try {
            return new SettingValue<>(s, auth.json.treeToValue(row.value(), s.type()), row.version(), row.updatedAt());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return new SettingValue<>(s, s.defaultValue(), row.version(), row.updatedAt());
        }
    }

    private static Map<String, Object> change(Setting<?> s, UserSettingMapper.Row row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("value", s.secret() ? "[redacted]" : row.value());
        return m;
    }
}
