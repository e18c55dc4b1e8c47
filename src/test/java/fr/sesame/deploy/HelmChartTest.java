package fr.sesame.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Helm chart, checked by Helm itself (helm-java runs lint and template in-process), every
 * rendered object read into its Kubernetes type with no unknown field, and the rules of the
 * production issue: no secret in values.yaml, probes on the management port, a restricted pod.
 */
class HelmChartTest {

  private static final Path CHART = Path.of("helm", "sesame");
  private static final Path CI_VALUES = CHART.resolve("ci").resolve("ci-values.yaml");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final Map<String, Class<? extends KubernetesResource>> KINDS =
      Map.of(
          "Deployment", Deployment.class,
          "Service", Service.class,
          "ConfigMap", ConfigMap.class,
          "ServiceAccount", ServiceAccount.class,
          "Ingress", Ingress.class,
          "NetworkPolicy", NetworkPolicy.class,
          "PodDisruptionBudget", PodDisruptionBudget.class,
          "HorizontalPodAutoscaler", HorizontalPodAutoscaler.class);

  @Test
  void passesHelmLintStrict() {
    LintResult lint = new Helm(CHART).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
  }

  @Test
  void rendersTheExpectedObjectsWithDefaultAndCiValues() throws IOException {
    assertThat(kinds(render(null)))
        .containsExactlyInAnyOrder(
            "ConfigMap",
            "Deployment",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Service",
            "Service",
            "ServiceAccount");
    assertThat(kinds(render(CI_VALUES)))
        .containsExactlyInAnyOrder(
            "ConfigMap",
            "Deployment",
            "HorizontalPodAutoscaler",
            "Ingress",
            "NetworkPolicy",
            "PodDisruptionBudget",
            "Service",
            "Service",
            "ServiceAccount");
  }

  @Test
  void everyRenderedObjectIsAValidKubernetesObject() throws Exception {
    for (Path values : Arrays.asList(null, CI_VALUES)) {
      for (JsonNode object : render(values)) {
        String kind = object.path("kind").asText();
        assertThat(KINDS).as("a known kind: " + kind).containsKey(kind);
        ObjectMapper strict =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        KubernetesResource typed = strict.treeToValue(object, KINDS.get(kind));
        List<String> unknown = new ArrayList<>();
        unknownFields(typed, kind, unknown, new IdentityHashMap<>());
        assertThat(unknown).as("fields Kubernetes does not know in " + kind).isEmpty();
        assertThat(object.path("metadata").path("name").asText())
            .matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
      }
    }
  }

  @Test
  void valuesHoldNoSecretOnlyReferencesToSecrets() throws IOException {
    JsonNode values = YAML.readTree(CHART.resolve("values.yaml").toFile());
    List<String> found = new ArrayList<>();
    secretValues(values, "", found);
    assertThat(found).as("secret-looking values in values.yaml").isEmpty();
    // The deployment reads every secret from a Secret, none from the ConfigMap.
    JsonNode configMap = only(render(CI_VALUES), "ConfigMap");
    assertThat(configMap.path("data").toString())
        .doesNotContainIgnoringCase("password=")
        .doesNotContain("SESAME_TOKENS_KEYS_ENCRYPTION_KEY")
        .doesNotContain("QUARKUS_DATASOURCE_PASSWORD");
    JsonNode env = container(render(CI_VALUES)).path("env");
    for (String name :
        List.of(
            "QUARKUS_DATASOURCE_USERNAME",
            "QUARKUS_DATASOURCE_PASSWORD",
            "SESAME_TOKENS_KEYS_ENCRYPTION_KEY",
            "QUARKUS_MAILER_PASSWORD",
            "SESAME_NOTIFY_SMS_AUTH_VALUE",
            "SESAME_PASSWORD_PEPPER")) {
      JsonNode variable = find(env, name);
      assertThat(variable).as(name).isNotNull();
      assertThat(variable.path("valueFrom").path("secretKeyRef").path("name").asText())
          .as(name + " comes from a Secret")
          .isNotBlank();
      assertThat(variable.has("value")).as(name + " has no literal value").isFalse();
    }
  }

  @Test
  void probesUseTheManagementPortAndThePodIsRestricted() throws IOException {
    List<JsonNode> objects = render(null);
    JsonNode container = container(objects);
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertThat(container.path(probe).path("httpGet").path("port").asText())
          .as(probe)
          .isEqualTo("management");
    }
    assertThat(container.path("startupProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/started");
    assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/live");
    assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
        .isEqualTo("/q/health/ready");
    assertThat(find(container.path("ports"), "management").path("containerPort").asInt())
        .isEqualTo(9000);
    JsonNode context = container.path("securityContext");
    assertThat(context.path("allowPrivilegeEscalation").asBoolean(true)).isFalse();
    assertThat(context.path("readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(context.path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(context.path("capabilities").path("drop").toString()).isEqualTo("[\"ALL\"]");
    assertThat(context.path("seccompProfile").path("type").asText()).isEqualTo("RuntimeDefault");
    JsonNode pod = only(objects, "Deployment").path("spec").path("template").path("spec");
    assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).isFalse();
    assertThat(find(container.path("volumeMounts"), "tmp").path("mountPath").asText())
        .isEqualTo("/tmp");
    assertThat(find(pod.path("volumes"), "tmp").has("emptyDir")).isTrue();
    // The Ingress routes the public port only, never the management port.
    JsonNode ingress = only(render(CI_VALUES), "Ingress");
    assertThat(ingress.toString()).contains("\"name\":\"http\"").doesNotContain("management");
  }

  /**
   * A multipart HR extract is written to /tmp while it arrives: two uploads of the largest body the
   * management port accepts must fit, or the second one fills the volume instead of getting 413.
   */
  @Test
  void thePodTemporaryVolumeHoldsTwoUploadsOfTheLargestAcceptedBody() throws IOException {
    Properties application = new Properties();
    try (var in =
        Files.newBufferedReader(Path.of("src", "main", "resources", "application.properties"))) {
      application.load(in);
    }
    long largestBody = bytes(application.getProperty("quarkus.management.limits.max-body-size"));
    for (Path values : Arrays.asList(null, CI_VALUES)) {
      JsonNode pod = only(render(values), "Deployment").path("spec").path("template").path("spec");
      String limit = find(pod.path("volumes"), "tmp").path("emptyDir").path("sizeLimit").asText();
      assertThat(bytes(limit))
          .as("/tmp with %s", values == null ? "the default values" : values)
          .isGreaterThanOrEqualTo(2 * largestBody);
    }
  }

  /** Bytes in a Quarkus memory size (512M) or a Kubernetes binary quantity (1Gi). */
  private static long bytes(String size) {
    Matcher parts = Pattern.compile("([0-9]+)([KMG])i?").matcher(size);
    assertThat(parts.matches()).as(size).isTrue();
    int shift = "KMG".indexOf(parts.group(2)) * 10 + 10;
    return Long.parseLong(parts.group(1)) << shift;
  }

  @Test
  void theImageRunsTheSizingTheBenchMeasuresAndTheChartCanReplaceIt() throws IOException {
    String dockerfile = Files.readString(Path.of("src", "main", "docker", "Dockerfile.jvm"));
    String image = group(dockerfile, "(?m)^ENV JAVA_OPTS=\"([^\"]*)\"$");
    String bench = group(Files.readString(Path.of("bench", "tokens")), "BENCH_JAVA_OPTS:-([^}]*)}");
    // What bench/tokens measures (a login flood under 512 MB resident) is what the image runs.
    assertThat(image).isEqualTo(bench).contains("-Xmx256m");
    // The options that hold whatever the sizing come before it, so the sizing cannot drop them.
    String entrypoint = group(dockerfile, "(?m)^ENTRYPOINT (.*)$");
    assertThat(entrypoint)
        .contains("-XX:+ExitOnOutOfMemoryError", "-Djava.io.tmpdir=/tmp", "$JAVA_OPTS -jar");
    assertThat(entrypoint.indexOf("-XX:+ExitOnOutOfMemoryError"))
        .isLessThan(entrypoint.indexOf("$JAVA_OPTS"));
    // The default values leave the image's sizing; jvmOptions replaces it.
    assertThat(find(container(render(null)).path("env"), "JAVA_OPTS")).isNull();
    assertThat(find(container(render(CI_VALUES)).path("env"), "JAVA_OPTS").path("value").asText())
        .contains("-Xmx296m")
        .doesNotContain("-Xmx256m");
  }

  private static String group(String text, String regex) {
    Matcher matcher = Pattern.compile(regex).matcher(text);
    assertThat(matcher.find()).as(regex).isTrue();
    return matcher.group(1);
  }

  @Test
  void aConfigurationChangeRollsThePods() throws IOException {
    String before = checksum(template().call());
    String after = checksum(template().set("publicUrl", "https://autre.ac-montpellier.fr").call());
    assertThat(before).isNotBlank().isNotEqualTo(after);
  }

  @Test
  void theNetworkPolicyLetsInOnlyTheIngressAndMonitoringAndOutOnlyWhatSesameCalls()
      throws IOException {
    JsonNode policy = only(render(CI_VALUES), "NetworkPolicy");
    JsonNode spec = policy.path("spec");
    assertThat(spec.path("policyTypes").toString()).contains("Ingress").contains("Egress");
    assertThat(spec.path("ingress").toString())
        .contains("ingress-nginx")
        .contains("monitoring")
        .contains("10.20.0.0/16");
    List<Integer> ports = new ArrayList<>();
    spec.path("egress")
        .forEach(rule -> rule.path("ports").forEach(p -> ports.add(p.path("port").asInt())));
    assertThat(ports).containsExactlyInAnyOrder(53, 53, 5432, 587, 443);
  }

  private static String checksum(String rendered) throws IOException {
    return only(parse(rendered), "Deployment")
        .path("spec")
        .path("template")
        .path("metadata")
        .path("annotations")
        .path("checksum/config")
        .asText();
  }

  /** A template of the release "sesame" for the oldest Kubernetes the chart supports. */
  private static com.marcnuri.helm.TemplateCommand template() {
    return new Helm(CHART)
        .template()
        .withName("sesame")
        .withNamespace("sesame")
        .withKubeVersion("1.27.0");
  }

  private static List<JsonNode> render(Path values) throws IOException {
    var template = template();
    if (values != null) {
      template = template.withValuesFile(values);
    }
    return parse(template.call());
  }

  private static List<JsonNode> parse(String rendered) throws IOException {
    List<JsonNode> objects = new ArrayList<>();
    try (var parser = new YAMLMapper().createParser(rendered)) {
      Iterator<JsonNode> documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          objects.add(document);
        }
      }
    }
    return objects;
  }

  private static List<String> kinds(List<JsonNode> objects) {
    return objects.stream().map(o -> o.path("kind").asText()).toList();
  }

  private static JsonNode only(List<JsonNode> objects, String kind) {
    List<JsonNode> found =
        objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonNode container(List<JsonNode> objects) {
    return only(objects, "Deployment")
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }

  private static JsonNode find(JsonNode named, String name) {
    for (JsonNode item : named) {
      if (name.equals(item.path("name").asText())) {
        return item;
      }
    }
    return null;
  }

  /** Keys whose value would be a secret must not hold one: passwords, keys, tokens, peppers. */
  private static final Pattern SECRET_KEY =
      Pattern.compile("(?i).*(password|passphrase|token|pepper|encryptionkey|authvalue|apikey)$");

  private static void secretValues(JsonNode node, String path, List<String> found) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getValue().isValueNode()
                    && SECRET_KEY.matcher(field.getKey()).matches()
                    && !field.getValue().asText().isEmpty()) {
                  found.add(child);
                }
                secretValues(field.getValue(), child, found);
              });
    } else if (node.isArray()) {
      node.forEach(item -> secretValues(item, path + "[]", found));
    }
  }

  /**
   * fabric8's classes keep fields they do not know in additionalProperties instead of failing: a
   * misspelt field (readOnlyRootFileSystem) lands there, and fails this test.
   */
  private static void unknownFields(
      Object value, String where, List<String> unknown, Map<Object, Boolean> seen)
      throws Exception {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value.getClass().isEnum()
        || seen.put(value, true) != null) {
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        unknownFields(entry.getValue(), where + "." + entry.getKey(), unknown, seen);
      }
      return;
    }
    if (value instanceof Collection<?> items) {
      for (Object item : items) {
        unknownFields(item, where + "[]", unknown, seen);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child = getter.invoke(value);
      if ("getAdditionalProperties".equals(getter.getName())) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          unknown.add(where + ": " + extra.keySet());
        }
        continue;
      }
      unknownFields(child, where + "." + getter.getName().substring(3), unknown, seen);
    }
  }
}
