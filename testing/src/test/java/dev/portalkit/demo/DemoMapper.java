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

    DemoPerson person(@Param("id") java.util.UUID id);

    int addPerson(@Param("id") java.util.UUID id, @Param("email") String email, @Param("role") String role);

    record DemoPerson(String email, String role) {
    }
}
