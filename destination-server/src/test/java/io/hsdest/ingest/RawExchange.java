package io.hsdest.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One conversation with the server over a plain socket, for requests no HTTP client library would
 * send: the bytes go out as given (optionally followed by a half-close), and everything the server
 * answers is read until it closes the connection, the expected number of answers arrived, or the
 * read timeout passed. The answers are parsed leniently, so that a broken answer is seen, not hidden.
 */
final class RawExchange {
  /** One HTTP answer: status, headers (names lower-cased) and body. */
  record Answer(int status, Map<String, String> headers, String body) {}

  /** What came back: the answers in order, and how the conversation ended. */
  record Outcome(List<Answer> answers, boolean closedByServer, boolean timedOut, String unparsed, boolean reset) {}

  private RawExchange() {}

  static Outcome send(int port, byte[] bytes, boolean halfClose, int expectedAnswers, int readTimeoutMs) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(readTimeoutMs);
      OutputStream out = s.getOutputStream();
      try {
        out.write(bytes);
        out.flush();
        if (halfClose) s.shutdownOutput();
      } catch (IOException e) {
        // the server may answer and close before it has read everything (413 on a declared length); read what it said
      }
      boolean head = bytes.length >= 5 && new String(bytes, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
      return read(s.getInputStream(), expectedAnswers, head);
    } catch (IOException e) {
      throw new IllegalStateException("could not talk to the server: " + e, e);
    }
  }

  /**
   * Reads answers until the server closes, {@code expected} answers were parsed, or the read times out;
   * {@code head}: the answer is to a HEAD request, so it has no body whatever its headers say.
   */
  static Outcome read(InputStream in, int expected, boolean head) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    boolean closed = false;
    boolean timedOut = false;
    boolean reset = false;
    List<Answer> answers = new ArrayList<>();
    int[] progress = new int[2];
    while (true) {
      int n;
      try {
        n = in.read(chunk);
      } catch (SocketTimeoutException e) {
        timedOut = true;
        break;
      } catch (IOException e) {
        closed = true;
        reset = true;
        break;
      }
      if (n < 0) {
        closed = true;
        break;
      }
      all.write(chunk, 0, n);
      // parse again only once the answer being read can be complete: a big answer is not parsed for every chunk
      if (all.size() < progress[1]) continue;
      answers = parse(all.toByteArray(), progress, head);
      if (expected > 0 && answers.size() >= expected) break;
    }
    int[] consumed = new int[2];
    answers = parse(all.toByteArray(), consumed, head);
    byte[] bytes = all.toByteArray();
    String rest = new String(bytes, consumed[0], bytes.length - consumed[0], StandardCharsets.ISO_8859_1);
    return new Outcome(answers, closed, timedOut, rest, reset);
  }

  /**
   * Parses as many complete answers as the bytes hold; {@code progress[0]} is where the first incomplete one
   * starts, {@code progress[1]} how many bytes it needs when its headers tell (else 0).
   */
  static List<Answer> parse(byte[] bytes, int[] progress, boolean head) {
    List<Answer> answers = new ArrayList<>();
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int at = 0;
    progress[0] = 0;
    if (progress.length > 1) progress[1] = 0;
    while (at < text.length()) {
      int headEnd = text.indexOf("\r\n\r\n", at);
      if (headEnd < 0) break;
      String[] lines = text.substring(at, headEnd).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      // the status line repeats the request's protocol, which a hostile client may have named "FOO/1.1"
      if (statusLine.length < 2 || !statusLine[0].matches("[!-~]+/\\d\\.\\d")) break;
      int status;
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (NumberFormatException e) {
        break;
      }
      Map<String, String> headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      int bodyStart = headEnd + 4;
      String body;
      int next;
      if (head && answers.isEmpty()) {
        body = "";
        next = bodyStart;
      } else if (headers.containsKey("content-length")) {
        int length = Integer.parseInt(headers.get("content-length"));
        if (bodyStart + length > bytes.length) {
          if (progress.length > 1) progress[1] = bodyStart + length;
          break;
        }
        body = new String(bytes, bodyStart, length, StandardCharsets.UTF_8);
        next = bodyStart + length;
      } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int p = bodyStart;
        boolean complete = false;
        while (true) {
          int lineEnd = text.indexOf("\r\n", p);
          if (lineEnd < 0) break;
          int size = Integer.parseInt(text.substring(p, lineEnd).split(";")[0].trim(), 16);
          if (size == 0) {
            int end = text.indexOf("\r\n", lineEnd + 2);
            if (end < 0) break;
            p = end + 2;
            complete = true;
            break;
          }
          if (lineEnd + 2 + size + 2 > bytes.length) break;
          b.write(bytes, lineEnd + 2, size);
          p = lineEnd + 2 + size + 2;
        }
        if (!complete) break;
        body = b.toString(StandardCharsets.UTF_8);
        next = p;
      } else if (status == 204 || status == 304 || status / 100 == 1) {
        body = "";
        next = bodyStart;
      } else {
        break; // a body delimited by the close: not an answer this server should give
      }
      answers.add(new Answer(status, headers, body));
      at = next;
      progress[0] = next;
    }
    return answers;
  }
}
