package dev.portalkit.core.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** app_settings. Not API. */
public interface AppSettingMapper {

    SettingRow find(@Param("key") String key);

    List<SettingRow> all();

    SettingRow upsert(@Param("key") String key, @Param("value") JsonNode value, @Param("secret") boolean secret,
                      @Param("actor") UUID actor);

    /** Inserts only if no row exists; null when one does. */
    SettingRow insertIfAbsent(@Param("key") String key, @Param("value") JsonNode value, @Param("secret") boolean secret,
                              @Param("actor") UUID actor);

    /** Updates only at the expected version; null when the version moved on. */
    SettingRow updateAtVersion(@Param("key") String key, @Param("value") JsonNode value, @Param("version") long version,
                               @Param("actor") UUID actor);

    SettingRow delete(@Param("key") String key);
}
