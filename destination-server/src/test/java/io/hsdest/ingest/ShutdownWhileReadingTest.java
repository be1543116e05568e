package io.hsdest.ingest;

import static io.hsdest.ingest.HostileRequests.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hsdest.ingest.RawExchange.Answer;
import io.hsdest.ingest.RawExchange.Outcome;
import io.hsdest.testkit.ServerHarness;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A request whose body is still being read when the server starts shutting down is answered 503 with
 * Retry-After at once and its connection closed: the slow upload neither holds the shutdown for the
 * whole grace period nor is left without an answer, and its client resends it (to another instance, or
 * to this one once restarted). Nothing of it was accepted, so nothing is lost.
 */
class ShutdownWhileReadingTest {
  @Test
  void aRequestStillBeingReadAtShutdownIsAnswered503AndDoesNotHoldTheShutdown() throws Exception {
    ServerHarness server = ServerHarness.start(Map.of("WRITE_KEYS", "wk"));
    long graceMs = server.server.configuration().server().shutdownGraceMs();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", server.server.port()), 5_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(ascii("POST /v1/batch HTTP/1.1\r\nHost: x\r\n" + "Authorization: " + ServerHarness.basic("wk")
          + "\r\nExpect: 100-continue\r\nContent-Length: 1000\r\n\r\n"));
      out.flush();
      // the 100 Continue says the server is reading the body
      Outcome go = RawExchange.read(s.getInputStream(), 1, false);
      assertThat(go.answers()).extracting(Answer::status).containsExactly(100);
      out.write(ascii("{\"batch\":["));
      out.flush();

      long start = System.nanoTime();
      CompletableFuture<Void> stopped = CompletableFuture.runAsync(server::close);
      Outcome answer = RawExchange.read(s.getInputStream(), 1, false);
      stopped.get(graceMs + 10_000, TimeUnit.MILLISECONDS);
      long stopMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(answer.answers()).hasSize(1);
      Answer a = answer.answers().get(0);
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.headers()).containsKey("retry-after").containsEntry("connection", "close");
      JsonNode body = new ObjectMapper().readTree(a.body());
      assertThat(body.path("error").path("code").asText()).isEqualTo("RETRY_LATER");
      assertThat(stopMs).as("the shutdown did not wait out the grace period for the upload").isLessThan(graceMs);
    }
  }
}
