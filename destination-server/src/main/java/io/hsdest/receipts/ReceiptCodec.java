package io.hsdest.receipts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a receipt is kept (in the store, or in the receipt files): the JSON the API answers with,
 * written and read with Jackson's streaming API, since durable mode writes a receipt or two per
 * message and data binding a record costs several times more.
 */
final class ReceiptCodec {
  private static final JsonFactory JSON = new JsonFactory();

  private ReceiptCodec() {}

  static byte[] bytes(Receipt r) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(256); JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      field(g, "messageId", r.messageId());
      field(g, "type", r.type());
      field(g, "outcome", r.outcome());
      field(g, "reason", r.reason());
      field(g, "detail", r.detail());
      if (r.warnings() != null) {
        g.writeArrayFieldStart("warnings");
        for (Map<String, String> w : r.warnings()) {
          g.writeStartObject();
          for (Map.Entry<String, String> e : w.entrySet()) field(g, e.getKey(), e.getValue());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeNumberField("attempts", r.attempts());
      field(g, "acceptedAt", r.acceptedAt());
      field(g, "finishedAt", r.finishedAt());
      field(g, "lastError", r.lastError());
      g.writeEndObject();
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(Receipt r) {
    return new String(bytes(r), StandardCharsets.UTF_8);
  }

  private static void field(JsonGenerator g, String name, String value) throws IOException {
    if (value != null) g.writeStringField(name, value);
  }

  static Receipt read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  static Receipt read(byte[] json) {
    String messageId = null;
    String type = null;
    String outcome = null;
    String reason = null;
    String detail = null;
    List<Map<String, String>> warnings = null;
    int attempts = 0;
    String acceptedAt = null;
    String finishedAt = null;
    String lastError = null;
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("a receipt is not a JSON object");
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "messageId" -> messageId = p.getValueAsString();
          case "type" -> type = p.getValueAsString();
          case "outcome" -> outcome = p.getValueAsString();
          case "reason" -> reason = p.getValueAsString();
          case "detail" -> detail = p.getValueAsString();
          case "attempts" -> attempts = p.getValueAsInt();
          case "acceptedAt" -> acceptedAt = p.getValueAsString();
          case "finishedAt" -> finishedAt = p.getValueAsString();
          case "lastError" -> lastError = p.getValueAsString();
          case "warnings" -> warnings = value == JsonToken.START_ARRAY ? warnings(p) : null;
          default -> p.skipChildren(); // written by a later version: not ours to read
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Receipt(messageId, type, outcome, reason, detail, warnings, attempts, acceptedAt, finishedAt, lastError);
  }

  private static List<Map<String, String>> warnings(JsonParser p) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    while (p.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> w = new LinkedHashMap<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (p.currentToken().isStructStart()) p.skipChildren();
        else w.put(name, p.getValueAsString());
      }
      out.add(w);
    }
    return out;
  }
}
