package io.hsdest.receipts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The receipt codec writes what the API answers with (Jackson's data binding of the record), and reads back what it wrote. */
class ReceiptCodecTest {
  private static final ObjectMapper BOUND = new ObjectMapper();

  private static final List<Receipt> RECEIPTS = List.of(
      new Receipt("m-1", "identify", "ACCEPTED", null, null, List.of(), 0, "2026-01-01T00:00:00Z", null, null),
      new Receipt("m-2", "track", "DELIVERED_WITH_WARNINGS", null, null,
          List.of(Map.of("code", "PROPERTY_UNKNOWN"), Map.of("code", "VALUE_COERCED", "property", "plan", "message", "a \"quoted\" é\n")),
          2, "2026-01-01T00:00:00Z", "2026-01-01T00:00:02.5Z", null),
      new Receipt("m-3", "group", "FAILED", "RETRY_WINDOW_OVER", "HubSpot answered 500", null, 7, "2026-01-01T00:00:00Z",
          "2026-01-02T00:00:00Z", "HubSpot answered 500"));

  @Test
  void writesWhatDataBindingWritesAndReadsItBack() throws Exception {
    for (Receipt r : RECEIPTS) {
      assertThat(new String(ReceiptCodec.bytes(r), StandardCharsets.UTF_8)).isEqualTo(BOUND.writeValueAsString(r));
      assertThat(ReceiptCodec.read(ReceiptCodec.bytes(r))).isEqualTo(r);
      assertThat(ReceiptCodec.read(BOUND.writeValueAsString(r))).isEqualTo(r);
    }
  }

  @Test
  void fieldsItDoesNotKnowAreSkipped() {
    Receipt r = ReceiptCodec.read("{\"messageId\":\"m\",\"future\":{\"a\":[1,{\"b\":2}]},\"outcome\":\"DELIVERED\",\"attempts\":1}");
    assertThat(r.messageId()).isEqualTo("m");
    assertThat(r.outcome()).isEqualTo("DELIVERED");
    assertThat(r.attempts()).isEqualTo(1);
  }
}
