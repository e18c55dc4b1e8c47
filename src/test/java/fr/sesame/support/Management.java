package fr.sesame.support;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;

/** Requests to the management interface, where the directory administration lives for now. */
public final class Management {

  private Management() {}

  /** As an académie administrator (support/Admins), for the administration API. */
  public static RequestSpecification asAdmin(URL url) {
    return given(url).header("Authorization", Admins.academie().bearer());
  }

  /** {@code url} is the test's {@code @TestHTTPResource(value = "/", management = true)}. */
  public static RequestSpecification given(URL url) {
    return RestAssured.given()
        .baseUri(url.getProtocol() + "://" + url.getHost())
        .port(url.getPort());
  }
}
