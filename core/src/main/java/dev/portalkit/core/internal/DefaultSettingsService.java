package dev.portalkit.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.Setting;
import dev.portalkit.core.SettingValue;
import dev.portalkit.core.SettingsService;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Not API: create through the Portal. */
public final class DefaultSettingsService implements SettingsService {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSettingsService.class);

    private final CoreContext core;
    private final SortedMap<String, Setting<?>> declared;

    DefaultSettingsService(CoreContext core, Map<String, Setting<?>> declared) {
        this.core = core;
        this.declared = new TreeMap<>(declared);
    }

    @Override
    public <T> T get(Setting<T> setting) {
        return read(setting).value();
    }

    @Override
    public <T> SettingValue<T> read(Setting<T> setting) {
        Setting<T> s = declared(setting);
        SettingRow row = core.tx.read(() -> mapper().find(s.key()));
        return toValue(s, row);
    }

    @Override
    public <T> SettingValue<T> set(Setting<T> setting, T value, CallContext context) {
        Setting<T> s = declared(setting);
        JsonNode node = toJson(s, value);
        return core.tx.callRetrying(() -> {
            SettingRow before = mapper().find(s.key());
            SettingRow after = mapper().upsert(s.key(), node, s.secret(), context.actorId());
            audited(s, before, after, "setting.updated", context);
            return toValue(s, after);
        });
    }

    @Override
    public <T> SettingValue<T> set(Setting<T> setting, T value, long expectedVersion, CallContext context) {
        Setting<T> s = declared(setting);
        if (expectedVersion < 0) {
            throw new ValidationException("expectedVersion", "must be 0 (no override yet) or a version read before");
        }
        JsonNode node = toJson(s, value);
        return core.tx.callRetrying(() -> {
            SettingRow before = mapper().find(s.key());
            SettingRow after = expectedVersion == 0
                    ? mapper().insertIfAbsent(s.key(), node, s.secret(), context.actorId())
                    : mapper().updateAtVersion(s.key(), node, expectedVersion, context.actorId());
            if (after == null) {
                SettingRow now = mapper().find(s.key());
                throw new StaleVersionException("Setting", s.key(), expectedVersion, now == null ? 0 : now.version());
            }
            audited(s, before, after, "setting.updated", context);
            return toValue(s, after);
        });
    }

    @Override
    @SuppressWarnings("unchecked")
    public SettingValue<?> set(String key, Object value, CallContext context) {
        Setting<Object> s = key == null ? null : (Setting<Object>) declared.get(key);
        if (s == null) {
            throw new ValidationException("key", String.format(CoreError.SETTING_UNKNOWN.template(), key));
        }
        return set(s, coerce(s, value), context);
    }

    @Override
    public boolean reset(Setting<?> setting, CallContext context) {
        Setting<?> s = declared(setting);
        return core.tx.callRetrying(() -> {
            SettingRow removed = mapper().delete(s.key());
            if (removed != null) {
                audited(s, removed, null, "setting.reset", context);
            }
            return removed != null;
        });
    }

    @Override
    public List<SettingValue<?>> all() {
        Map<String, SettingRow> rows = new HashMap<>();
        core.tx.read(() -> mapper().all()).forEach(r -> rows.put(r.key(), r));
        List<SettingValue<?>> out = new ArrayList<>();
        declared.values().forEach(s -> out.add(toValue(s, rows.get(s.key()))));
        return out;
    }

    private AppSettingMapper mapper() {
        return core.mapper(AppSettingMapper.class);
    }

    @SuppressWarnings("unchecked")
    private <T> Setting<T> declared(Setting<T> setting) {
        Objects.requireNonNull(setting, "null setting");
        Setting<?> d = declared.get(setting.key());
        if (d == null || !d.type().equals(setting.type())) {
            throw new ValidationException("key", String.format(CoreError.SETTING_UNKNOWN.template(), setting.key()));
        }
        return (Setting<T>) d;
    }

    private static Object coerce(Setting<Object> s, Object value) {
        if (value == null) {
            throw new ValidationException("value", "is required; use reset(...) to go back to the default");
        }
        if (s.type().isInstance(value)) {
            return value;
        }
        // Exact integral widening only: an admin form's Integer for a Long setting.
        if (Long.class.equals(s.type()) && (value instanceof Integer || value instanceof Short)) {
            return ((Number) value).longValue();
        }
        throw new ValidationException("value", String.format(CoreError.SETTING_WRONG_TYPE.template(), s.key(),
                s.type().getSimpleName(), value.getClass().getSimpleName()));
    }

    private <T> JsonNode toJson(Setting<T> s, T value) {
        if (value == null) {
            throw new ValidationException("value", "is required; use reset(...) to go back to the default");
        }
        if (!s.type().isInstance(value)) {
            throw new ValidationException("value", String.format(CoreError.SETTING_WRONG_TYPE.template(), s.key(),
                    s.type().getSimpleName(), value.getClass().getSimpleName()));
        }
        if (value instanceof String str && !dev.portalkit.core.spi.Validation.clean(str)) {
            throw new ValidationException("value", "must not contain NUL characters or broken UTF-16");
        }
        return core.json.valueToTree(value);
    }

    private <T> SettingValue<T> toValue(Setting<T> s, SettingRow row) {
        if (row == null) {
            return new SettingValue<>(s, s.defaultValue(), 0, null);
        }
        try {
            return new SettingValue<>(s, core.json.treeToValue(row.value(), s.type()), row.version(), row.updatedAt());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            // The declared type changed since the override was stored: the default is the safe answer.
            LOG.warn("Stored value of setting '{}' is not a {}; using the default until it is set again",
                    s.key(), s.type().getSimpleName());
            return new SettingValue<>(s, s.defaultValue(), row.version(), row.updatedAt());
        }
    }

    private void audited(Setting<?> s, SettingRow before, SettingRow after, String action, CallContext context) {
        SettingRow any = after != null ? after : before;
        core.audit(action, "app_setting", any.id(), change(s, before), change(s, after), Map.of("key", s.key()), context);
    }

    private static Map<String, Object> change(Setting<?> s, SettingRow row) {
        if (row == null) {
            return null;
        }
        Map<String, Object> m = new HashMap<>();
        m.put("value", s.secret() ? AuditWriter.REDACTED : row.value());
        m.put("version", row.version());
        return m;
    }
}
