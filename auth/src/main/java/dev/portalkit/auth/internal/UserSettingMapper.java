package dev.portalkit.auth.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** user_settings. Not API. */
public interface UserSettingMapper {

    public record Row(UUID id, String key, JsonNode value, long version, Instant updatedAt) {
    }

    Row find(@Param("userId") UUID userId, @Param("key") String key);

    List<Row> all(@Param("userId") UUID userId);

    Row upsert(@Param("userId") UUID userId, @Param("key") String key, @Param("value") JsonNode value);

    Row delete(@Param("userId") UUID userId, @Param("key") String key);
}
