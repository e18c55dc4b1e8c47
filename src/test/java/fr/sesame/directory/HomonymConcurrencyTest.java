package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Management;
import fr.sesame.support.TestData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Two creations or imports at once never hand out the same login or address. */
@QuarkusTest
class HomonymConcurrencyTest {

  private static final int PARALLEL = 16;

  @TestHTTPResource(value = "/", management = true)
  URL management;

  @Inject DataSource dataSource;

  @Test
  void parallelReservationsOfOneBaseGetDistinctNumbers() throws Exception {
    String base = "j" + NameFolding.fold(TestData.surname("dupont"));
    List<Integer> numbers =
        inParallel(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(
                        () -> {
                          try (Connection connection = dataSource.getConnection()) {
                            return IdentifierAllocator.next(
                                connection, IdentifierAllocator.Kind.LOGIN, base);
                          }
                        }));
    assertThat(numbers).doesNotHaveDuplicates().hasSize(PARALLEL);
    assertThat(new HashSet<>(numbers)).isEqualTo(range(1, PARALLEL));
  }

  @Test
  void parallelCreationsOfHomonymsGetDistinctLogins() throws Exception {
    String family = TestData.surname("Martin");
    List<String> logins =
        inParallel(
            () ->
                Management.asAdmin(management)
                    .contentType("application/json")
                    .body(
                        Map.of(
                            "numen", TestData.numen(),
                            "familyName", family,
                            "firstName", "Jean",
                            "birthDate", "1980-04-02",
                            "category", "2D",
                            "departement", "34"))
                    .post("/api/v1/admin/staff")
                    .then()
                    .statusCode(201)
                    .extract()
                    .<String>path("login"));
    String base = "j" + NameFolding.fold(family);
    Set<String> expected = new HashSet<>();
    expected.add(base);
    for (int i = 2; i <= PARALLEL; i++) {
      expected.add(base + i);
    }
    assertThat(new HashSet<>(logins)).isEqualTo(expected);
  }

  @Test
  void parallelImportsOfHomonymsGetDistinctLoginsAndAddresses() throws Exception {
    String family = TestData.surname("Bernard");
    inParallel(
        () -> {
          StringBuilder file = new StringBuilder(ImportTest.HEADER);
          for (int i = 0; i < 5; i++) {
            file.append(ImportTest.row(TestData.numen(), family, "Marie", ";"));
          }
          return Management.asAdmin(management)
              .contentType("text/csv")
              .body(file.toString())
              .post("/api/v1/admin/imports")
              .then()
              .statusCode(201)
              .extract()
              .<Integer>path("created");
        });
    List<String> logins = new ArrayList<>();
    List<String> addresses = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT login, address FROM staff WHERE family_name = ?")) {
      select.setString(1, family);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          logins.add(rows.getString(1));
          addresses.add(rows.getString(2));
        }
      }
    }
    assertThat(logins).hasSize(5 * PARALLEL).doesNotHaveDuplicates();
    assertThat(addresses).hasSize(5 * PARALLEL).doesNotHaveDuplicates();
    assertThat(logins).contains("m" + NameFolding.fold(family) + 5 * PARALLEL);
  }

  private static <T> List<T> inParallel(Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < PARALLEL; i++) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Set<Integer> range(int from, int to) {
    Set<Integer> values = new HashSet<>();
    for (int i = from; i <= to; i++) {
      values.add(i);
    }
    return values;
  }
}
