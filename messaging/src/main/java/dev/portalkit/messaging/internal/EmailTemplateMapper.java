package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.EmailTemplate;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.ibatis.annotations.Param;

/** email_templates. Not API. */
public interface EmailTemplateMapper {

    EmailTemplate insert(@Param("key") String key, @Param("locale") String locale, @Param("version") int version,
                         @Param("subject") String subject, @Param("htmlBody") String htmlBody,
                         @Param("textBody") String textBody, @Param("variables") List<String> variables,
                         @Param("description") String description, @Param("category") String category,
                         @Param("createdBy") UUID createdBy);

    /** The highest version ever written for key and locale, deleted ones included; 0 if none. */
    int maxVersion(@Param("key") String key, @Param("locale") String locale);

    EmailTemplate findLive(@Param("key") String key, @Param("locale") String locale);

    EmailTemplate findLiveForUpdate(@Param("key") String key, @Param("locale") String locale);

    /** The live template in the first locale of {@code locales} that has one. */
    EmailTemplate resolve(@Param("key") String key, @Param("locales") List<String> locales);

    List<EmailTemplate> versions(@Param("key") String key, @Param("locale") String locale);

    List<EmailTemplate> list(@Param("afterKey") String afterKey, @Param("afterLocale") String afterLocale,
                             @Param("limit") int limit);

    int supersede(@Param("id") UUID id, @Param("now") Instant now);

    int softDelete(@Param("id") UUID id, @Param("now") Instant now);

    /** The version that was current when the template was deleted, locked. */
    EmailTemplate lastDeletedForUpdate(@Param("key") String key, @Param("locale") String locale);

    EmailTemplate restore(@Param("id") UUID id);
}
