package fr.sesame.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

class SafeErrorsTest {

  @Test
  void describesDatabaseErrorsWithoutTheValuesTheyCarry() {
    ServerErrorMessage server =
        new ServerErrorMessage(
            "SERROR\0C23505\0Mduplicate key value violates unique constraint \"staff_numen_key\"\0"
                + "DKey (numen)=(11E0712345ABC) already exists.\0tstaff\0nstaff_numen_key\0");
    String described = SafeErrors.describe(new PSQLException(server));
    assertThat(described)
        .isEqualTo("database error, SQLSTATE 23505, constraint staff_numen_key, table staff")
        .doesNotContain("11E0712345ABC");
  }

  @Test
  void describesOtherDatabaseErrorsByTheirState() {
    assertThat(SafeErrors.describe(new SQLException("Key (numen)=(11E0712345ABC)", "40001")))
        .isEqualTo("database error, SQLSTATE 40001");
  }
}
