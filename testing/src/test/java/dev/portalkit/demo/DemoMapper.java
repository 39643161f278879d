package dev.portalkit.demo;

import org.apache.ibatis.annotations.Param;

public interface DemoMapper {

    DemoItem insert(@Param("code") String code, @Param("quantity") int quantity);

    DemoItem insertColored(@Param("code") String code, @Param("color") DemoItem.Color color,
                           @Param("tags") java.util.List<String> tags);

    java.util.List<DemoItem> byColor(@Param("color") DemoItem.Color color);

    int insertRaw(@Param("code") String code, @Param("quantity") Object quantity);

    int fail(@Param("state") String state);

    int sleep(@Param("seconds") int seconds);

    int addPerson(@Param("id") java.util.UUID id, @Param("email") String email, @Param("role") String role);

    DemoItem insertAudited(@Param("id") java.util.UUID id, @Param("code") String code, @Param("quantity") int quantity,
                           @Param("audit") dev.portalkit.core.spi.AuditRows audit);

    DemoItem adjustAudited(@Param("code") String code, @Param("delta") int delta,
                           @Param("audit") dev.portalkit.core.spi.AuditRows audit);
}
