package io.hsdest.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hsdest.settings.SettingsSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment variables and the config file, exactly as interface.md names them. */
class ConfigLoaderTest {
  private static final ConfigLoader LOADER = new ConfigLoader(SettingsSchema.load());
  @TempDir
  Path dir;

  private Path file(String json) throws IOException {
    Path f = dir.resolve("destinations.json");
    Files.writeString(f, json);
    return f;
  }

  @Test
  void theEmbeddedDefaultIsADryRunThatTakesAnyKeyFromThisMachine() {
    Configuration c = LOADER.load(List.of(), Map.of());
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.server().host()).isEqualTo("0.0.0.0");
    assertThat(c.server().hubspotBaseUrl()).isEqualTo("https://api.hubapi.com");
    assertThat(c.destinations()).hasSize(1);
    DestinationConfig d = c.destinations().get(0);
    assertThat(d.id()).isEqualTo("default");
    assertThat(d.settings().dryRun()).isTrue();
    assertThat(d.anyKeyFromLoopback()).isTrue();
  }

  @Test
  void environmentVariablesConfigureTheDefaultDestinationAndServer() {
    Configuration c = LOADER.load(List.of(), Map.of("PORT", "9090", "HOST", "127.0.0.1", "HUBSPOT_ACCESS_TOKEN", "pat-na1-abc",
        "HUBSPOT_PORTAL_ID", "123456", "WRITE_KEYS", "k1, k2", "HUBSPOT_BASE_URL", "http://127.0.0.1:1", "ADMIN_TOKEN", "adm"));
    assertThat(c.server().port()).isEqualTo(9090);
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().hubspotBaseUrl()).isEqualTo("http://127.0.0.1:1");
    assertThat(c.server().adminToken()).isEqualTo("adm");
    DestinationConfig d = c.destinations().get(0);
    assertThat(d.settings().accessToken()).isEqualTo("pat-na1-abc");
    assertThat(d.settings().portalId()).isEqualTo("123456");
    assertThat(d.writeKeys()).containsExactlyInAnyOrder("k1", "k2");
    assertThat(d.anyKeyFromLoopback()).isFalse();
    assertThat(d.toString()).doesNotContain("pat-na1-abc");
  }

  @Test
  void aTokenWithoutAPortalIdStopsStartUp() {
    assertThatThrownBy(() -> LOADER.load(List.of(), Map.of("HUBSPOT_ACCESS_TOKEN", "pat-na1-abc")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HUBSPOT_PORTAL_ID");
  }

  @Test
  void aFileWithSeveralDestinationsAndTheEnvironmentWinning() throws IOException {
    Path f = file("""
        {"destinations":[
          {"id":"acme","writeKeys":["wk-acme"],"settings":{"portalId":"111","accessToken":"pat-eu1-acme","nullPolicy":"ignore"}},
          {"id":"beta","writeKeys":["wk-beta","wk-beta2"],"settings":{"portalId":"222"}}],
         "server":{"port":7000,"requestTimeoutMs":5000}}""");
    Configuration c = LOADER.load(List.of("--config", f.toString()), Map.of("PORT", "7001", "HUBSPOT_PORTAL_ID", "999"));
    assertThat(c.server().port()).isEqualTo(7001);
    assertThat(c.server().requestTimeoutMs()).isEqualTo(5000);
    assertThat(c.destinations()).extracting(DestinationConfig::id).containsExactly("acme", "beta");
    assertThat(c.destinations().get(0).settings().portalId()).as("env sets the first destination when none is 'default'").isEqualTo("999");
    assertThat(c.destinations().get(0).settings().nullPolicy()).isEqualTo(Policies.NullValue.IGNORE);
    assertThat(c.destinations().get(1).settings().dryRun()).isTrue();
    assertThat(c.destinations().get(1).writeKeys()).containsExactlyInAnyOrder("wk-beta", "wk-beta2");
    assertThat(LOADER.load(List.of(), Map.of("DESTINATION_CONFIG", f.toString())).destinations()).hasSize(2);
  }

  @Test
  void problemsNameTheFieldAndTheRule() throws IOException {
    Path f = file("""
        {"destinations":[{"id":"acme","writeKeys":["k"],"settings":{"portalId":"12a","acessToken":"x","maxBatchDelayMs":-1}}]}""");
    assertThatThrownBy(() -> LOADER.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("destinations[0].settings.portalId")
        .hasMessageContaining("acessToken")
        .hasMessageContaining("accessToken")
        .hasMessageContaining("maxBatchDelayMs");
  }

  @Test
  void unreadableFilesAndBadOptionsAreClear() throws IOException {
    assertThatThrownBy(() -> LOADER.load(List.of("--config", dir.resolve("missing.json").toString()), Map.of()))
        .hasMessageContaining("no such file");
    Path f = file("{not json");
    assertThatThrownBy(() -> LOADER.load(List.of("--config=" + f), Map.of())).hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> LOADER.load(List.of("--verbose"), Map.of())).hasMessageContaining("unknown option --verbose");
    assertThatThrownBy(() -> LOADER.load(List.of(), Map.of("PORT", "eighty"))).hasMessageContaining("PORT");
  }

  @Test
  void duplicateIdsAndSharedWriteKeysAreRefused() throws IOException {
    Path f = file("""
        {"destinations":[{"id":"a","writeKeys":["k"],"settings":{"portalId":"1"}},{"id":"a","writeKeys":["k"],"settings":{"portalId":"2"}}]}""");
    assertThatThrownBy(() -> LOADER.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("destinations[1]");
  }

  @Test
  void deliveryIsSyncAndEmbeddedByDefaultWithTheDocumentedBounds() {
    ServerConfig s = LOADER.load(List.of(), Map.of()).server();
    assertThat(s.delivery()).isEqualTo(DeliverySettings.DEFAULT);
    assertThat(s.kafka()).isNull();
  }

  @Test
  void durableDeliveryOnKafkaFromTheEnvironmentAndTheFile() throws IOException {
    Path f = file("{\"destinations\":[{\"id\":\"acme\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"1\"}}],"
        + "\"server\":{\"delivery\":{\"maxRetryHours\":48,\"logMaxMegabytesPerDestination\":10},"
        + "\"kafka\":{\"topic\":\"t\",\"partitions\":6,\"clientProperties\":{\"security.protocol\":\"SASL_SSL\",\"sasl.jaas.config\":\"secret-words\"}}}}");
    ServerConfig s = LOADER.load(List.of("--config", f.toString()),
        Map.of("DELIVERY_MODE", "durable", "KAFKA_BOOTSTRAP_SERVERS", "k1:9092,k2:9092")).server();
    assertThat(s.delivery().mode()).isEqualTo(DeliverySettings.Mode.DURABLE);
    assertThat(s.delivery().log()).as("brokers named: kafka").isEqualTo(DeliverySettings.LogKind.KAFKA);
    assertThat(s.delivery().maxRetryHours()).isEqualTo(48);
    assertThat(s.delivery().receiptRetentionHours()).isEqualTo(168);
    assertThat(s.delivery().logMaxBytesPerDestination()).isEqualTo(10L << 20);
    KafkaSettings k = s.kafka();
    assertThat(k.bootstrapServers()).isEqualTo("k1:9092,k2:9092");
    assertThat(k.topic()).isEqualTo("t");
    assertThat(k.stateTopic()).isEqualTo("hubspot-destination.state");
    assertThat(k.groupId()).isEqualTo("hubspot-destination");
    assertThat(k.partitions()).isEqualTo(6);
    assertThat(k.clientProperties()).containsEntry("security.protocol", "SASL_SSL");
    assertThat(s.toString()).doesNotContain("secret-words");
  }

  @Test
  void aKafkaLogWithoutBrokersStopsStartUp() throws IOException {
    Path f = file("{\"destinations\":[{\"id\":\"acme\",\"writeKeys\":[\"k\"],\"settings\":{\"portalId\":\"1\"}}],"
        + "\"server\":{\"delivery\":{\"mode\":\"durable\",\"log\":\"kafka\"}}}");
    assertThatThrownBy(() -> LOADER.load(List.of("--config", f.toString()), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.kafka.bootstrapServers");
  }

  @Test
  void anUnknownDeliveryModeNamesTheField() {
    assertThatThrownBy(() -> LOADER.load(List.of(), Map.of("DELIVERY_MODE", "later")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("server.delivery.mode");
  }
}
