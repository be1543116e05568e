package io.hsdest.audiences;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.hsdest.hubspot.JsonBodies;
import io.hsdest.ingest.IngestError;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The bodies of the audience endpoints, read with Jackson's streaming parser straight from the request's bytes
 * (gunzipped on the fly when gzip): only the members are kept, as small {@link Candidate}s, never a tree of the
 * whole body. Blocking and CPU-bound: run on a worker thread. Bad JSON or a missing field is a 400 naming it.
 */
final class Payloads {
  private Payloads() {}

  /** {@code PUT /v1/audiences/{key}/members}: {@code {"name"?, "members":[{"email"?,"userId"?,"contactId"?}]}}. */
  record Snapshot(String writeKey, String name, List<Candidate> members) {}

  /** {@code POST /v1/audiences/{key}/members}: {@code {"add":[member...], "remove":[member...]}}. */
  record Changes(String writeKey, List<Candidate> add, List<Candidate> remove) {}

  /**
   * Amplitude's Cohort Webhooks default payload: {@code {"cohort_name","cohort_id","in_cohort","computed_time",
   * "message_id","users":[{"user_id","user_properties"?}]}}.
   */
  record Cohort(String writeKey, String cohortName, String cohortId, boolean inCohort, String messageId,
      List<Candidate> users) {}

  static Snapshot snapshot(InputStream body, boolean gzip) {
    return read(body, gzip, p -> {
      String writeKey = null;
      String name = null;
      List<Candidate> members = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "writeKey" -> writeKey = text(p, t, field);
          case "name" -> name = text(p, t, field);
          case "members" -> members = array(p, t, field, Payloads::member);
          default -> p.skipChildren();
        }
      }
      if (members == null) throw bad("MISSING_MEMBERS", "the body needs \"members\": an array of {\"email\"|\"userId\"|\"contactId\"}");
      return new Snapshot(writeKey, blankToNull(name), members);
    });
  }

  static Changes changes(InputStream body, boolean gzip) {
    return read(body, gzip, p -> {
      String writeKey = null;
      List<Candidate> add = null;
      List<Candidate> remove = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "writeKey" -> writeKey = text(p, t, field);
          case "add" -> add = array(p, t, field, Payloads::member);
          case "remove" -> remove = array(p, t, field, Payloads::member);
          default -> p.skipChildren();
        }
      }
      if (add == null && remove == null) {
        throw bad("MISSING_MEMBERS", "the body needs \"add\" and/or \"remove\": arrays of {\"email\"|\"userId\"|\"contactId\"}");
      }
      return new Changes(writeKey, add == null ? List.of() : add, remove == null ? List.of() : remove);
    });
  }

  static Cohort cohort(InputStream body, boolean gzip) {
    return read(body, gzip, p -> {
      String writeKey = null;
      String name = null;
      String id = null;
      String messageId = null;
      Boolean in = null;
      List<Candidate> users = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "writeKey" -> writeKey = text(p, t, field);
          case "cohort_name" -> name = text(p, t, field);
          case "cohort_id" -> id = text(p, t, field);
          case "message_id" -> messageId = text(p, t, field);
          case "in_cohort" -> in = bool(p, t);
          case "users" -> users = array(p, t, field, Payloads::user);
          default -> p.skipChildren();
        }
      }
      if (blankToNull(name) == null) throw bad("MISSING_COHORT_NAME", "\"cohort_name\" is required: the list is named after it");
      if (in == null) throw bad("MISSING_IN_COHORT", "\"in_cohort\" is required: true adds the users, false removes them");
      if (users == null) throw bad("MISSING_USERS", "\"users\" is required: an array of {\"user_id\"}");
      return new Cohort(writeKey, name.trim(), blankToNull(id), in, blankToNull(messageId), users);
    });
  }

  /** An audience member: identified by the first of contactId, email, userId it carries. */
  private static Candidate member(JsonNode m, int index) {
    if (!m.isObject()) return new Candidate(index, null, null, null, null, m);
    String contactId = scalar(m.get("contactId"));
    if (contactId != null && !contactId.isBlank()) return new Candidate(index, "contactId", contactId, Identity.CONTACT_ID, null, null);
    String email = scalar(m.get("email"));
    if (email != null && !email.isBlank()) return new Candidate(index, "email", email, Identity.EMAIL, null, null);
    String userId = scalar(m.get("userId"));
    if (userId != null && !userId.isBlank()) return new Candidate(index, "userId", userId, Identity.USER_ID, null, null);
    return new Candidate(index, null, null, null, null, m);
  }

  /** A cohort user: its {@code user_id} means what {@code cohortIdentity} says. */
  private static Candidate user(JsonNode u, int index) {
    if (!u.isObject()) return new Candidate(index, null, null, null, null, u);
    String userId = scalar(u.get("user_id"));
    String alt = scalar(u.path("user_properties").get("email"));
    if ((userId == null || userId.isBlank()) && (alt == null || alt.isBlank())) return new Candidate(index, null, null, null, null, u);
    return new Candidate(index, "user_id", userId == null ? "" : userId, null, alt, null);
  }

  private interface Reading<T> {
    T read(JsonParser p) throws IOException;
  }

  private static <T> T read(InputStream raw, boolean gzip, Reading<T> reading) {
    try (InputStream in = new Limited(gzip ? new GZIPInputStream(raw, 64 * 1024) : new BufferedInputStream(raw, 64 * 1024));
        JsonParser p = JsonBodies.MAPPER.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw bad("INVALID_JSON", "the body must be a JSON object");
      T result = reading.read(p);
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw bad("INVALID_JSON", "the body must be one JSON object and nothing after it");
      }
      return result;
    } catch (JsonProcessingException e) {
      throw bad("INVALID_JSON", "the body is not valid JSON: " + e.getOriginalMessage() + " (line "
          + (e.getLocation() == null ? "?" : e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()) + ")");
    } catch (ZipException | java.io.EOFException e) {
      throw bad("INVALID_GZIP", "the body says Content-Encoding: gzip but is not complete gzip data");
    } catch (IOException e) {
      throw bad("INVALID_BODY", "the body could not be read: " + e.getMessage());
    }
  }

  private static List<Candidate> array(JsonParser p, JsonToken t, String field, BiFunction<JsonNode, Integer, Candidate> each)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) return null;
    if (t != JsonToken.START_ARRAY) throw bad("INVALID_" + field.toUpperCase(java.util.Locale.ROOT), "\"" + field + "\" must be an array");
    List<Candidate> out = new ArrayList<>();
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonNode element = JsonBodies.MAPPER.readTree(p);
      out.add(each.apply(element, out.size()));
    }
    return out;
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) return null;
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) return p.getText();
    throw bad("INVALID_" + field.toUpperCase(java.util.Locale.ROOT), "\"" + field + "\" must be a string");
  }

  private static Boolean bool(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_TRUE) return true;
    if (t == JsonToken.VALUE_FALSE) return false;
    if (t == JsonToken.VALUE_STRING && ("true".equalsIgnoreCase(p.getText()) || "false".equalsIgnoreCase(p.getText()))) {
      return Boolean.parseBoolean(p.getText().toLowerCase(java.util.Locale.ROOT));
    }
    throw bad("INVALID_IN_COHORT", "\"in_cohort\" must be true or false");
  }

  private static String scalar(JsonNode v) {
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static IngestError bad(String code, String message) {
    return new IngestError(400, code, message);
  }

  /** Counts the bytes read (after gunzip) and refuses more than the limit: a small gzip body may unpack to gigabytes. */
  private static final class Limited extends FilterInputStream {
    private long count;

    Limited(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) count(1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) count(n);
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > BoundedBody.MAX_BYTES) throw BoundedBody.tooLarge();
    }
  }
}
