package dev.portalkit.demo;

import org.apache.ibatis.annotations.Param;

public interface DemoMapper {

    DemoItem insert(@Param("code") String code, @Param("quantity") int quantity);

    int insertRaw(@Param("code") String code, @Param("quantity") Object quantity);

    DemoPerson person(@Param("id") java.util.UUID id);

    int addPerson(@Param("id") java.util.UUID id, @Param("email") String email, @Param("role") String role);

    record DemoPerson(String email, String role) {
    }
}
